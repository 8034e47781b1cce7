import { Type, type Static } from 'typebox'
import { BillSchema, FeeLineSchema, PaymentStatusSchema, ReceiptSchema } from './fees'

export const PAY_PLATFORMS = ['weapp', 'h5'] as const
export type PayPlatform = (typeof PAY_PLATFORMS)[number]

/** POST /api/owner/payments — the amount is decided by the server (the unpaid balance). */
export const CreatePaymentRequestSchema = Type.Object(
  {
    idempotencyKey: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    platform: Type.Enum(PAY_PLATFORMS)
  },
  { $id: 'CreatePaymentRequest', additionalProperties: false }
)
export type CreatePaymentRequest = Static<typeof CreatePaymentRequestSchema>

/** Parameters for Taro.requestPayment (weapp). */
export const JsapiParamsSchema = Type.Object(
  {
    timeStamp: Type.String(),
    nonceStr: Type.String(),
    package: Type.String(),
    signType: Type.Literal('RSA'),
    paySign: Type.String()
  },
  { $id: 'JsapiParams' }
)
export type JsapiParams = Static<typeof JsapiParamsSchema>

export const PaymentOrderSchema = Type.Object(
  {
    id: Type.Integer(),
    outTradeNo: Type.String(),
    amountCents: Type.Integer(),
    status: PaymentStatusSchema,
    /** 已支付 / 支付处理中 / 支付失败 */
    statusText: Type.String(),
    failureReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    paidAt: Type.Union([Type.String(), Type.Null()]),
    receiptId: Type.Union([Type.Integer(), Type.Null()]),
    lines: Type.Array(FeeLineSchema),
    houseLabel: Type.String(),
    /** true when the local WeChat Pay sandbox plays WeChat (no real money) */
    sandbox: Type.Boolean()
  },
  { $id: 'PaymentOrder' }
)
export type PaymentOrder = Static<typeof PaymentOrderSchema>

export const CreatePaymentResponseSchema = Type.Object(
  {
    order: PaymentOrderSchema,
    handoff: Type.Union([
      Type.Object({ kind: Type.Literal('jsapi'), params: JsapiParamsSchema }),
      Type.Object({ kind: Type.Literal('cashier'), path: Type.String() })
    ])
  },
  { $id: 'CreatePaymentResponse' }
)
export type CreatePaymentResponse = Static<typeof CreatePaymentResponseSchema>

/** POST /api/owner/payments/:id/resume — 继续支付 the same pending order */
export const ResumePaymentRequestSchema = Type.Object(
  { platform: Type.Enum(PAY_PLATFORMS) },
  { $id: 'ResumePaymentRequest', additionalProperties: false }
)
export type ResumePaymentRequest = Static<typeof ResumePaymentRequestSchema>

/** POST /api/owner/payments/:id/sandbox-pay (sandbox only) */
export const SandboxPayRequestSchema = Type.Object(
  { result: Type.Optional(Type.Enum(['SUCCESS', 'PAYERROR'] as const)) },
  { $id: 'SandboxPayRequest', additionalProperties: false }
)
export type SandboxPayRequest = Static<typeof SandboxPayRequestSchema>

export const COUNTER_METHODS = ['cash', 'card', 'bank_transfer', 'alipay'] as const
export type CounterMethod = (typeof COUNTER_METHODS)[number]
/** Counter methods that need the card slip (POS 凭证号) or transfer reference (流水号): 400 PAYMENT_REFERENCE_REQUIRED without. */
export const REFERENCE_REQUIRED_METHODS = ['card', 'bank_transfer'] as const

/** POST /api/staff/payments — cashier records a counter payment. */
export const CounterPaymentRequestSchema = Type.Object(
  {
    houseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    caseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    method: Type.Enum(COUNTER_METHODS),
    amountCents: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idempotencyKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }))
  },
  { $id: 'CounterPaymentRequest', additionalProperties: false }
)
export type CounterPaymentRequest = Static<typeof CounterPaymentRequestSchema>

export const CounterPaymentResponseSchema = Type.Object(
  { receipt: ReceiptSchema, bill: BillSchema },
  { $id: 'CounterPaymentResponse' }
)
export type CounterPaymentResponse = Static<typeof CounterPaymentResponseSchema>

/** GET /api/staff/bills?q= */
export const StaffBillQuerySchema = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false }
)
export const StaffBillItemSchema = Type.Object(
  {
    houseId: Type.Integer(),
    caseId: Type.Union([Type.Integer(), Type.Null()]),
    houseLabel: Type.String(),
    ownerName: Type.String({ description: 'masked' }),
    verified: Type.Boolean(),
    bill: Type.Union([BillSchema, Type.Null()])
  },
  { $id: 'StaffBillItem' }
)
export type StaffBillItem = Static<typeof StaffBillItemSchema>
export const StaffBillListSchema = Type.Object({ items: Type.Array(StaffBillItemSchema) }, { $id: 'StaffBillList' })
export type StaffBillList = Static<typeof StaffBillListSchema>

/** What the notify route answers on failure (WeChat's own shape). */
export const WechatNotifyFailSchema = Type.Object(
  { code: Type.Literal('FAIL'), message: Type.String() },
  { $id: 'WechatNotifyFail' }
)
