// One name prefix per test run for the PostgreSQL schemas the test files create. Schemas are
// dropped once, after every file has finished: dropping one while another file's migrator
// lists the catalog makes that listing fail ("schema … does not exist").
const crypto = require('node:crypto')

module.exports = async () => {
  process.env.ANJIA_TEST_RUN = `t${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`
}
