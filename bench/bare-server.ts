// The baseline for bench:intake: a bare Fastify JSON endpoint, no database, default settings.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async (req) => ({ ok: true, echo: req.body }));
app.get('/bare', async () => ({ ok: true }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
