// The trivial Worker the site is compared with. A POST reads the body and answers 202 JSON (the
// declaration API's baseline); a GET answers the barest page a Chinese site can be — one heading,
// one line, no CSS or script — Lighthouse's floor for a page on this machine.
const BARE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>第一道防线</title>
    <meta name="description" content="返乡和来访人员请在到达前报备。" />
  </head>
  <body>
    <main>
      <h1>第一道防线</h1>
      <p>返乡和来访人员请在到达前报备。</p>
    </main>
  </body>
</html>
`;

export default {
  async fetch(request) {
    if (request.method === 'GET') {
      return new Response(BARE, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    await request.text();
    return Response.json({ reference: '0000-0000-0' }, { status: 202 });
  },
};
