const base = ['https://status', 'example', 'invalid'].join('.')
const res = await fetch(`${base}/api/v2/incidents`, { headers: { accept: 'application/json' } })
for (const i of (await res.json()).incidents) console.log(i.name)