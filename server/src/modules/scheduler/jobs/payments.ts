/*
 * Close after timeout (issue 10 item 2): online orders left unpaid PAY_TIMEOUT_MS are closed at
 * WeChat Pay and the close is believed only when WeChat's order query confirms it (an order
 * paid a moment before settles as paid instead). One instance runs each run (the job lease);
 * every write is conditional, so a run repeated after a crash, or racing a notification, a
 * cancel or a new order on another instance, never marks a paid order closed.
 */
import { MINUTE } from '../../../lib/time'
import type { Db } from '../../../db/database'
import { createGateway, type PaymentGateway } from '../../payments/gateway'
import { closeOverdueOrders } from '../../payments/service'
import type { Job } from '../scheduler'

// one gateway per database handle (the sandbox reads its keys from it once)
const gateways = new WeakMap<Db, Promise<PaymentGateway>>()

export const paymentCloseJob: Job = {
  name: 'payment_close',
  intervalMs: MINUTE,
  async run(ctx) {
    let gw = gateways.get(ctx.db)
    if (!gw) {
      gw = createGateway(ctx.config, ctx.db)
      gateways.set(ctx.db, gw)
      gw.catch(() => gateways.delete(ctx.db))
    }
    const gateway = await gw
    return closeOverdueOrders({ db: ctx.db, config: ctx.config, gateway: () => gateway, log: ctx.log }, ctx.now)
  }
}
