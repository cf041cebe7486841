// Stops an npm script at once, with one bilingual line, when Node.js is older than the project
// needs (package.json "engines"); otherwise Astro or wrangler fail later with a stack trace.
// Plain syntax on purpose: it must parse on the old Node it is warning about.
const needed = [22, 12];
const found = process.versions.node.split('.').map(Number);
if (found[0] < needed[0] || (found[0] === needed[0] && found[1] < needed[1])) {
  console.error(
    `需要 Node.js ${needed.join('.')} 或更新版本，当前是 ${process.version}：请到 https://nodejs.org/zh-cn/download 安装长期支持版（LTS）后重试 / ` +
      `Node.js ${process.version} found, ${needed.join('.')} or newer needed: install the LTS from https://nodejs.org/en/download and try again`,
  );
  process.exit(1);
}
