import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { CounterMethod, Receipt, StaffBillItem } from '../../../types'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { METHOD_LABELS } from '../../api/fees'
import { yuan } from '../../utils/money'
import { fetchStaffReceipt, lookupBills, recordCounterPayment } from '../../api/payments'
import { newIdempotencyKey } from '../../utils/idempotency'
import { redirectToLogin } from '../../stores/session'
import { BillLines, PayState } from '../../owner/fees/BillLines'
import { ReceiptView } from '../../owner/receipt/ReceiptView'
import '../staff.scss'
import '../../components/Onsite/onsite.scss'
import '../../owner/fees/fees.scss'
import './index.scss'
import { ConfirmPayment } from './ConfirmPayment'
import { withPage } from '../../components/Page'

const METHODS: CounterMethod[] = ['cash', 'card', 'bank_transfer', 'alipay']
/** As the server's REFERENCE_REQUIRED_METHODS (types/payments.ts): 400 PAYMENT_REFERENCE_REQUIRED without. */
const REFERENCE_REQUIRED: readonly CounterMethod[] = ['card', 'bank_transfer']

/** The reference field's label per method; null for cash (nothing to write down). */
export function referenceLabel(method: CounterMethod): string | null {
  if (method === 'card') return 'POS 签购单凭证号（必填）'
  if (method === 'bank_transfer') return '转账流水号（必填）'
  if (method === 'alipay') return '交易参考号（选填）'
  return null
}

/** Why the reference is missing for this method, or null. */
export function referenceProblem(method: CounterMethod, reference: string): string | null {
  if (!REFERENCE_REQUIRED.includes(method) || reference.trim()) return null
  return method === 'card' ? '请填写 POS 签购单上的凭证号' : '请填写银行转账流水号'
}

/** "1,234.5" / "1234.50" → 123450 fen; null when not a positive amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const t = text.replace(/[,，\s]/g, '')
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null
  const [w, f = ''] = t.split('.')
  const cents = Number(w) * 100 + Number(f.padEnd(2, '0'))
  return cents > 0 ? cents : null
}

/** Why an amount cannot be received, or null: the server checks again (409 OVERPAYMENT). */
export function amountProblem(cents: number | null, balanceCents: number): string | null {
  if (cents === null) return '请输入正确的收款金额（元，最多两位小数）'
  if (cents > balanceCents) return `收款金额超过待缴金额，最多可收 ¥${yuan(balanceCents)}`
  return null
}

/** staff/cashier: look a house up, see its balance, record a counter payment, print the receipt. */
function StaffCashierPage() {
  const [q, setQ] = useState('')
  const [items, setItems] = useState<StaffBillItem[] | null>(null)
  const [selected, setSelected] = useState<StaffBillItem | null>(null)
  const [method, setMethod] = useState<CounterMethod>('cash')
  const [amount, setAmount] = useState('')
  const [reference, setReference] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [amountError, setAmountError] = useState<string | null>(null)
  const [referenceError, setReferenceError] = useState<string | null>(null)
  /** the amount (fen) waiting for the cashier's confirmation in the dialog */
  const [confirming, setConfirming] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [receipt, setReceipt] = useState<Receipt | null>(null)
  const [key, setKey] = useState(newIdempotencyKey)

  const search = async () => {
    if (q.trim() === '') return setError('请输入房号或业主姓名')
    setBusy(true)
    setError(null)
    const r = await lookupBills(q.trim())
    setBusy(false)
    if (!r.ok) {
      if (r.status === 401) return redirectToLogin('staff')
      return setError(r.message)
    }
    setItems(r.data.items)
    setSelected(null)
    setReceipt(null)
  }

  const choose = (it: StaffBillItem) => {
    setSelected(it)
    setReceipt(null)
    setError(null)
    setAmount(it.bill ? yuan(it.bill.balanceCents) : '')
    setAmountError(null)
    setReference('')
    setReferenceError(null)
    setConfirming(null)
    setKey(newIdempotencyKey())
  }

  /** Checks the form, then asks for a confirmation with the amount and method: one tap never records money. */
  const review = () => {
    if (!selected?.caseId || !selected.bill) return
    const cents = parseYuan(amount)
    const problem = amountProblem(cents, selected.bill.balanceCents)
    const refProblem = referenceProblem(method, reference)
    setAmountError(problem)
    setReferenceError(refProblem)
    if (problem !== null || refProblem !== null || cents === null) return
    setConfirming(cents)
  }

  const submit = async () => {
    if (!selected?.caseId || !selected.bill || confirming === null) return
    const cents = confirming
    setConfirming(null)
    setBusy(true)
    setError(null)
    const r = await recordCounterPayment({
      caseId: selected.caseId,
      method,
      amountCents: cents,
      idempotencyKey: key,
      ...(reference.trim() ? { reference: reference.trim() } : {})
    })
    setBusy(false)
    if (!r.ok) {
      if (r.status === 401) return redirectToLogin('staff')
      if (r.code === 'PAYMENT_REFERENCE_REQUIRED') return setReferenceError(r.message)
      if (r.code === 'OVERPAYMENT' || r.code === 'BILL_SETTLED') {
        // someone else received money meanwhile: show the new balance
        const fresh = await lookupBills(selected.houseLabel)
        const again = fresh.ok ? fresh.data.items.find((x) => x.houseId === selected.houseId) : undefined
        if (again) setSelected(again)
        return setAmountError(r.message)
      }
      return setError(r.message)
    }
    setReceipt(r.data.receipt)
    setSelected({ ...selected, bill: r.data.bill })
    setAmount(yuan(r.data.bill.balanceCents))
    setKey(newIdempotencyKey())
    // the receipt renders below the form: bring it into view for printing or handing over
    setTimeout(() => void Taro.pageScrollTo({ selector: '#cashier-receipt', duration: 300 }).catch(() => undefined), 50)
  }

  const openReceipt = async (id: number) => {
    const r = await fetchStaffReceipt(id)
    if (r.ok) setReceipt(r.data)
    else setError(r.message)
  }

  const bill = selected?.bill ?? null
  return (
    <View className='staff'>
      <View className='staff__card fees__noprint'>
        <Field label='房号或业主姓名' name='q' value={q} onChange={setQ} placeholder='例如 1栋1单元101' maxLength={32} />
        <Button type='primary' block loading={busy && !selected} onClick={() => void search()}>查询账单</Button>
      </View>
      {!selected && <InlineError message={error} />}

      {items && !selected && (
        <View className='staff__card fees__noprint' role='group' aria-label='查询结果' data-testid='bill-results'>
          {items.length === 0 ? (
            <Text className='staff__muted'>没有找到匹配的房屋，请核对房号（如 1栋1单元101）或业主姓名</Text>
          ) : (
            <Text className='staff__muted'>{`找到 ${items.length} 户，点按一户查看账单并收款`}</Text>
          )}
          {items.map((it) => (
            <View key={it.houseId} className='onsite__row cashier__result' role='button' onClick={() => choose(it)}>
              <Text>{`${it.houseLabel}　${it.ownerName}`}</Text>
              {it.bill ? <PayState state={it.bill.status} /> : <Text className='staff__muted'>未核验</Text>}
            </View>
          ))}
        </View>
      )}

      {selected && (
        <View className='staff__card fees__noprint'>
          <Text className='staff__title'>{`${selected.houseLabel}　${selected.ownerName}`}</Text>
          {!bill ? (
            <Text className='staff__muted'>业主尚未核验身份，请先协助业主扫码核验后再收款。</Text>
          ) : (
            <>
              <BillLines lines={bill.lines} />
              <View className='onsite__row'><Text>应缴合计</Text><Text>{`¥${yuan(bill.totalCents)}`}</Text></View>
              <View className='onsite__row'><Text>已缴</Text><Text>{`¥${yuan(bill.paidCents)}`}</Text></View>
              <View className='onsite__row'>
                <Text>待缴</Text>
                <Text className={bill.balanceCents > 0 ? 'onsite__no' : 'onsite__ok'}>{`¥${yuan(bill.balanceCents)}`}</Text>
              </View>
              {bill.balanceCents > 0 && (
                <>
                  <Text className='staff__subtitle cashier__subtitle' id='cashier-method-label'>收款方式</Text>
                  <View role='radiogroup' aria-labelledby='cashier-method-label' className='cashier__methods'>
                    {METHODS.map((m) => (
                      <Button
                        key={m}
                        className='cashier__method'
                        aria-role='radio'
                        aria-checked={method === m}
                        type={method === m ? 'primary' : 'default'}
                        fill={method === m ? 'solid' : 'outline'}
                        onClick={() => {
                          setMethod(m)
                          setReferenceError(null)
                        }}
                      >
                        {method === m ? `✓ ${METHOD_LABELS[m]}` : METHOD_LABELS[m]}
                      </Button>
                    ))}
                  </View>
                  <Field
                    label='收款金额（元）'
                    name='amount'
                    value={amount}
                    onChange={(v) => {
                      setAmount(v)
                      setAmountError(null)
                    }}
                    type='text'
                    error={amountError ?? undefined}
                    hint={`可部分收款，不能超过待缴金额 ¥${yuan(bill.balanceCents)}`}
                  />
                  {referenceLabel(method) && (
                    <Field
                      key={method}
                      label={referenceLabel(method)!}
                      name='reference'
                      value={reference}
                      onChange={(v) => {
                        setReference(v)
                        setReferenceError(null)
                      }}
                      maxLength={64}
                      required={REFERENCE_REQUIRED.includes(method)}
                      error={referenceError ?? undefined}
                      placeholder={method === 'card' ? '签购单上的凭证号 / 参考号' : method === 'bank_transfer' ? '银行回单上的流水号' : '支付宝交易号'}
                      hint={REFERENCE_REQUIRED.includes(method) ? '用于与银行对账，收据上会印出' : undefined}
                    />
                  )}
                  <InlineError message={error} />
                  <Button type='primary' block loading={busy} disabled={busy} onClick={review}>确认收款并开具收据</Button>
                </>
              )}
              {bill.pendingPaymentId !== null && <Text className='staff__muted'>该户有一笔线上支付正在确认中。</Text>}
              {bill.receipts.length > 0 && <Text className='staff__subtitle cashier__subtitle'>已开收据</Text>}
              {bill.receipts.map((r) => (
                <View key={r.id} className='onsite__row' role='link' onClick={() => void openReceipt(r.id)}>
                  <Text>{`${r.number}　${METHOD_LABELS[r.method] ?? r.method}`}</Text>
                  <Text className='fees__link'>{`¥${yuan(r.amountCents)} ›`}</Text>
                </View>
              ))}
            </>
          )}
          <Button className='cashier__back' block fill='outline' onClick={() => setSelected(null)}>返回查询结果</Button>
        </View>
      )}

      {selected && confirming !== null && (
        <ConfirmPayment
          houseLabel={`${selected.houseLabel}　${selected.ownerName}`}
          amountCents={confirming}
          method={method}
          reference={referenceLabel(method) ? reference.trim() : ''}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(null)}
        />
      )}

      {receipt && (
        <View id='cashier-receipt'>
          <View className='staff__subtitle fees__noprint' role='status'>{`已收款 ¥${yuan(receipt.amountCents)}，收据已开具`}</View>
          <ReceiptView receipt={receipt} />
          <View className='fees__noprint fees__actions'>
            {process.env.TARO_ENV === 'h5' && (
              <Button type='primary' block onClick={() => window.print()}>打印收据</Button>
            )}
            <Button block fill='outline' onClick={() => void Taro.pageScrollTo({ scrollTop: 0 })}>继续收款</Button>
          </View>
        </View>
      )}
    </View>
  )
}

export default withPage(StaffCashierPage)
