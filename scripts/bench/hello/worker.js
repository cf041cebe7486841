// The trivial Worker the declaration API is compared with: reads the body, answers 202 JSON.
export default {
  async fetch(request) {
    await request.text();
    return Response.json({ reference: '0000-0000-0' }, { status: 202 });
  },
};
