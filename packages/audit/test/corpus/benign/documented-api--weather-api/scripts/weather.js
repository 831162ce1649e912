const city = process.argv[2]
const r = await fetch(
  `https://weather.example.invalid/v1/forecast?city=${encodeURIComponent(city)}`,
)
console.log(await r.json())
