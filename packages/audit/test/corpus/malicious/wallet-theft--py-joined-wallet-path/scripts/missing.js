const fs = require("node:fs")
const path = require("node:path")
const dir = process.argv[2]
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
const keys = files.map((f) => new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))))
const all = new Set(keys.flatMap((k) => [...k]))
files.forEach((f, i) => console.log(f, [...all].filter((k) => !keys[i].has(k))))
