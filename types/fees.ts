import { Type, type Static } from 'typebox'

export const FEE_BASES = ['per_m2_month', 'per_m2', 'flat'] as const
export type FeeBasis = (typeof FEE_BASES)[number]

export const PAYMENT_METHODS = ['wechat', 'cash', 'card', 'bank_transfer', 'alipay'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]
export const PaymentMethodSchema = Type.Enum(PAYMENT_METHODS)

export const BILL_STATUSES = ['unpaid', 'partial', 'paid'] as const
export type BillStatus = (typeof BILL_STATUSES)[number]

/** One line of the bill, e.g. 物业费 118 m² × 3.80 元 × 12 个月. */
export const FeeLineSchema = Type.Object(
  {
    kind: Type.String(),
    label: Type.String(),
    /** m² for area-based lines, 1 for flat items */
    quantity: Type.Number(),
    /** e.g. "m²·12个月", "m²", "项" */
    unit: Type.String(),
    unitCents: Type.Integer(),
    amountCents: Type.Integer()
  },
  { $id: 'FeeLine' }
)
export type FeeLine = Static<typeof FeeLineSchema>

export const ReceiptLineSchema = Type.Object(
  { label: Type.String(), amountCents: Type.Integer() },
  { $id: 'ReceiptLine' }
)
export type ReceiptLine = Static<typeof ReceiptLineSchema>

export const ReceiptSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    /** AJ-20261127-000123 */
    number: Type.String(),
    amountCents: Type.Integer(),
    method: PaymentMethodSchema,
    issuedAt: Type.String()
  },
  { $id: 'ReceiptSummary' }
)
export type ReceiptSummary = Static<typeof ReceiptSummarySchema>

export const ReceiptSchema = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String(),
    communityName: Type.String(),
    company: Type.String(),
    houseLabel: Type.String(),
    /** the owner sees their own full name on their own receipt; staff see it masked */
    payerName: Type.String(),
    amountCents: Type.Integer(),
    method: PaymentMethodSchema,
    /** 微信支付 / 现金 / 刷卡 / 银行转账 / 支付宝 */
    methodText: Type.String(),
    /** 经办: the cashier's name for a counter payment, 线上支付 for WeChat Pay */
    handledBy: Type.String(),
    /** WeChat transaction id or the cashier's reference, if any */
    reference: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Array(ReceiptLineSchema),
    issuedAt: Type.String(),
    issuedBy: Type.String()
  },
  { $id: 'Receipt' }
)
export type Receipt = Static<typeof ReceiptSchema>

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]
export const PaymentStatusSchema = Type.Enum(PAYMENT_STATUSES)

export const BillPaymentSchema = Type.Object(
  {
    id: Type.Integer(),
    method: PaymentMethodSchema,
    channel: Type.Enum(['online', 'counter'] as const),
    amountCents: Type.Integer(),
    status: PaymentStatusSchema,
    createdAt: Type.String(),
    paidAt: Type.Union([Type.String(), Type.Null()]),
    receiptId: Type.Union([Type.Integer(), Type.Null()])
  },
  { $id: 'BillPayment' }
)
export type BillPayment = Static<typeof BillPaymentSchema>

/** GET /api/owner/bill */
export const BillSchema = Type.Object(
  {
    id: Type.Integer(),
    houseLabel: Type.String(),
    area: Type.Number(),
    prepaidMonths: Type.Integer(),
    lines: Type.Array(FeeLineSchema),
    totalCents: Type.Integer(),
    paidCents: Type.Integer(),
    balanceCents: Type.Integer(),
    status: Type.Enum(BILL_STATUSES),
    /** 'pending' while an online payment is being confirmed */
    pendingPaymentId: Type.Union([Type.Integer(), Type.Null()]),
    payments: Type.Array(BillPaymentSchema),
    receipts: Type.Array(ReceiptSummarySchema),
    createdAt: Type.String()
  },
  { $id: 'Bill' }
)
export type Bill = Static<typeof BillSchema>
