// The ceiling of the rush benchmark: bare Fastify (no database, no auth, no logger) answering
// a POST of the same shape with a small JSON body, validated by a schema like the real route.
'use strict'
const Fastify = require('fastify')

const app = Fastify({ logger: false })
app.get('/health', async () => ({ status: 'ok' }))
app.post(
  '/reserve',
  {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['slotId', 'idempotencyKey'],
        properties: { slotId: { type: 'integer', minimum: 1 }, idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } }
      },
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, slotId: { type: 'integer' } } } }
    }
  },
  async (req) => ({ ok: true, slotId: req.body.slotId })
)
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((err) => {
  console.error(err)
  process.exit(1)
})
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
