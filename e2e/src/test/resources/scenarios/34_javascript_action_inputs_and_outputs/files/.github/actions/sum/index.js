const fs = require('fs');
const left = Number(process.env['INPUT_LEFT']);
const right = Number(process.env['INPUT_RIGHT']);
console.log(`adding ${left} and ${right}`);
fs.appendFileSync(process.env['GITHUB_OUTPUT'], `total=${left + right}\n`);
