// Search as you type on the catalog: the form still works without this file (a plain GET).
// Typing waits 250 ms of quiet, cancels the request in flight, and swaps in the server-rendered
// results fragment (escaped by the server, from our own origin).

const form = document.querySelector<HTMLFormElement>('form[data-search-form]')
const results = document.getElementById('results')
const debounceMs = 250

if (form !== null && results !== null) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: AbortController | undefined

  const search = async (): Promise<void> => {
    const params = new URLSearchParams()
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string' && value !== '') params.set(key, value)
    }
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    results.setAttribute('aria-busy', 'true')
    try {
      const response = await fetch(`/-/catalog-results?${params}`, {
        signal: controller.signal,
        credentials: 'same-origin',
      })
      if (!response.ok) throw new Error(`search answered ${response.status}`)
      results.innerHTML = await response.text()
      history.replaceState(null, '', params.size === 0 ? '/' : `/?${params}`)
    } catch (error) {
      if (controller.signal.aborted) return
      results.innerHTML = ''
      const p = document.createElement('p')
      p.className = 'notice error'
      p.setAttribute('role', 'alert')
      p.textContent = `Search failed: ${error instanceof Error ? error.message : String(error)}`
      results.append(p)
    } finally {
      if (inFlight === controller) results.removeAttribute('aria-busy')
    }
  }

  const schedule = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => void search(), debounceMs)
  }
  form.addEventListener('input', schedule)
  form.addEventListener('change', schedule)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    clearTimeout(timer)
    void search()
  })
}
