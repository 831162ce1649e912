import type { TextView } from '../normalize/text-view.js'
import type { Capability, CapabilityKind } from '../types.js'

/**
 * Capability extraction with a careful tokenizer over the normalised view (not a full parser):
 * each probe is a linear scan for the calls and paths that grant a capability in shell, Python,
 * JavaScript/TypeScript and PowerShell. Hosts come from URLs and socket/connect arguments.
 */
interface Probe {
  readonly kind: CapabilityKind
  readonly re: RegExp
  readonly detail: (m: RegExpMatchArray) => string
}

// Gaps are bounded (`{0,400}`): an unbounded `[^;|]*` after each of n `rsync` was quadratic.
const egressCall =
  /\b(?:curl|wget|invoke-webrequest|invoke-restmethod|iwr|irm|requests\.(?:get|post|put|patch|request)|httpx\.(?:get|post|put|client|asyncclient)|urllib\.request|urlopen|http\.client|aiohttp|fetch\s*\(|axios|got\s*\(|superagent|https?\.(?:request|get)\s*\(|net\.(?:connect|createconnection|socket)|socket\.(?:socket|create_connection|connect)|\.connect\s*\(\s*\(|smtplib|ftplib|xmlhttprequest|sendbeacon|websocket|new-object\s+net\.webclient|net\.sockets\.tcpclient|\bnc\b|\bncat\b|\bscp\b|\brsync\b[^;|]{0,400}:|\bnslookup\b|\bdig\b|\/dev\/tcp\/)/gi
// curl and wget flags are case-sensitive (-F is a form upload, -f is "fail quietly").
const dataFlags =
  /\b(?:curl\b[^;|&]{0,160}(?:\s-d\b|\s--data|\s-F\b|\s--form|\s-T\b|\s--upload-file|\s-X\s*(?:POST|PUT)|\s--request\s+(?:POST|PUT))|wget\b[^;|&]{0,120}--post-(?:data|file))/
const dataCalls =
  /\b(?:requests\.(?:post|put|patch)|httpx\.(?:post|put)|method\s*[:=]\s*["'](?:post|put)|\.post\s*\(|sendbeacon|smtplib|invoke-(?:webrequest|restmethod)\b[^;|]{0,120}-method\s+post|\bnc\b\s+[\w.-]+\s+\d+|\/dev\/tcp\/|\bscp\b|uploadstring|uploadfile)/i
const urlHost =
  /\bhttps?:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9]|\[[0-9a-f:]+\]|\d{1,3}(?:\.\d{1,3}){3})/gi
const ipHost = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/g

const probes: readonly Probe[] = [
  {
    kind: 'secret-read',
    re: /(?:~|\$home|homedir\(\)|expanduser\(["']~|home\(\))[^\s"']{0,4}\/?\.ssh\b|\.ssh\/id_\w+|\bid_(?:rsa|ed25519|ecdsa)\b/gi,
    detail: () => '~/.ssh',
  },
  {
    kind: 'secret-read',
    re: /\.aws\/credentials|\.config\/gcloud|application_default_credentials|\.azure\/|\.kube\/config|\.docker\/config\.json|\.npmrc|\.pypirc|\.netrc|\.git-credentials|gh\/hosts\.yml/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'secret-read',
    re: /169\.254\.169\.254|metadata\.google\.internal|169\.254\.170\.2/gi,
    detail: () => 'cloud metadata',
  },
  {
    kind: 'secret-read',
    re: /security\s+find-(?:generic|internet)-password|keyring\.get_password|secret-tool\s+lookup|\/etc\/shadow|login data|key4\.db|logins\.json|\.bash_history|\.zsh_history/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'secret-read',
    re: /(?:^|[\s;&|(`])(?:printenv|env)\s*(?:$|[|>;&)`])|json\.dumps\s*\(\s*(?:dict\()?os\.environ|dict\(os\.environ\)|os\.environ\.(?:copy|items)\(\)|json\.stringify\(\s*process\.env\s*\)|object\.(?:entries|keys|values)\(\s*process\.env\s*\)|getenvironmentvariables|\bgci\s+env:|get-childitem\s+env:/gi,
    detail: () => 'environment (all variables)',
  },
  {
    kind: 'secret-read',
    re: /(?:~|\$home|\.\.)\/(?:[\w.-]+\/){0,3}\.env\b|-name\s+["']?\.env|\*\*\/\.env/gi,
    detail: () => '.env (outside the project)',
  },
  {
    kind: 'secret-read',
    re: /(?:^|[\s"'(=<])\.\/?\.env\b(?!\.example|\.sample|\.template)/gi,
    detail: () => '.env (project)',
  },
  {
    kind: 'wallet-read',
    re: /wallet\.dat|\.bitcoin\/|\.ethereum\/keystore|\.electrum|exodus|\.config\/solana\/id\.json|local extension settings|metamask|phantom|\.monero|seed phrase|mnemonic/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'agent-config',
    re: /(?:~|\$home|homedir\(\)|expanduser\(["']~)[^\s"']{0,4}\/?\.(?:claude|qoder|cursor|codex|gemini|continue|windsurf|aider|codeium)\b(?!\/skills)|\bmcp\.json\b|claude_desktop_config\.json|\.claude\/settings(?:\.local)?\.json|\.claude\/\.credentials/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'persistence',
    re: /\bcrontab\b|\.(?:bashrc|zshrc|bash_profile|zprofile|profile)\b|systemd\/(?:system|user)|launchagents|launchdaemons|launchctl|\.git\/hooks|authorized_keys|currentversion\\?\\?run|schtasks|scheduledtask|\.config\/autostart/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'process-exec',
    re: /\bsubprocess\.|\bos\.(?:system|popen|exec\w*)\s*\(|\bchild_process\b|\bexecsync\b|\bspawn(?:sync)?\s*\(|\bexeca\b|\bstart-process\b|\binvoke-expression\b|\biex\b|\bpty\.spawn|\beval\s*\(/gi,
    detail: (m) => m[0].toLowerCase(),
  },
  {
    kind: 'destructive',
    re: /\brm\s+-[a-z]*r[a-z]*\s+(?:\/|~|\$home)(?:\s|$|\/\*)|\bmkfs\b|of=\/dev\/|shutil\.rmtree\s*\(\s*(?:["']\/|os\.path\.expanduser)/gi,
    detail: (m) => m[0].toLowerCase(),
  },
]

const maxMatches = 1024

/** Capabilities found so far in one segment, bounded by match count and capability count. */
class CapabilityCollector {
  readonly caps: Capability[] = []
  #matches = 0
  readonly #view: TextView
  readonly #path: string
  readonly #onLimit: (reason: string) => void

  constructor(view: TextView, path: string, onLimit: (reason: string) => void) {
    this.#view = view
    this.#path = path
    this.#onLimit = onLimit
  }

  /** Counts one match; true (and the limit reported) past `maxMatches`. */
  over(): boolean {
    this.#matches += 1
    if (this.#matches <= maxMatches) return false
    this.#onLimit(`more than ${maxMatches} capability matches in ${this.#path}`)
    return true
  }

  add(kind: CapabilityKind, offset: number, detail: string): void {
    if (!this.caps.some((c) => c.kind === kind && c.detail === detail))
      this.caps.push({ kind, path: this.#path, line: this.#view.lineAt(offset), detail })
  }

  get full(): boolean {
    return this.caps.length > 64
  }
}

/** Extracts capabilities from one segment's view. Shell-like surfaces and scripts only for exec. */
export function extractCapabilities(
  view: TextView,
  path: string,
  acts: boolean,
  onLimit: (reason: string) => void = () => undefined,
): Capability[] {
  const found = new CapabilityCollector(view, path, onLimit)
  if (collectProbes(found, view, acts)) collectEgress(found, view)
  return found.caps
}

/** The probe table's capabilities; false when a limit stopped the collection. */
function collectProbes(found: CapabilityCollector, view: TextView, acts: boolean): boolean {
  for (const probe of probes) {
    if (probe.kind === 'process-exec' && !acts) continue
    for (const m of view.text.matchAll(probe.re)) {
      if (found.over()) return false
      found.add(probe.kind, m.index, probe.detail(m))
      if (found.full) return false
    }
  }
  return true
}

/** Network calls, each with the first non-loopback host after it and whether it sends data. */
function collectEgress(found: CapabilityCollector, view: TextView): void {
  for (const call of view.text.matchAll(egressCall)) {
    if (found.over()) return
    const window = view.text.slice(call.index, call.index + 400)
    const host = egressHost(window)
    if (host !== undefined) found.add('network-egress', call.index, host)
    const head = window.slice(0, 240)
    if (dataFlags.test(head) || dataCalls.test(head))
      found.add('network-egress', call.index, `${host ?? 'localhost'} (sends data)`)
    if (found.full) return
  }
}

/** The first non-loopback host in `window`; `unknown` when none is named, undefined for loopback. */
function egressHost(window: string): string | undefined {
  const hosts = [...window.matchAll(urlHost)].map((m) => (m[1] ?? '').toLowerCase())
  if (hosts.length === 0) hosts.push(...[...window.matchAll(ipHost)].map((m) => m[1] ?? ''))
  return (
    hosts.find((h) => h !== '127.0.0.1' && h !== 'localhost') ??
    (hosts.length > 0 ? undefined : 'unknown')
  )
}

export function isDataEgress(c: Capability): boolean {
  return (
    c.kind === 'network-egress' &&
    c.detail.endsWith('(sends data)') &&
    !c.detail.startsWith('localhost')
  )
}
