import type { Executor } from '../../db/database'

/** The houses to print, with what a notice needs, in the order of `ids`. */
export async function noticeHouses(db: Executor, communityId: number, ids: number[]) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'b.name as building', 'h.unit', 'h.room', 'h.area', 'h.batch', 'h.invite_token'])
    .where('h.community_id', '=', communityId)
    .where('h.id', 'in', ids)
    .execute()
  const owners = await db
    .selectFrom('registered_owners')
    .select(['house_id', 'name'])
    .where('house_id', 'in', ids)
    .orderBy('id')
    .execute()
  const namesOf = new Map<number, string[]>()
  for (const o of owners) {
    const k = Number(o.house_id)
    namesOf.set(k, [...(namesOf.get(k) ?? []), o.name])
  }
  const byId = new Map(rows.map((r) => [Number(r.id), r]))
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is (typeof rows)[number] => r !== undefined)
    .map((r) => ({
      houseId: Number(r.id),
      building: r.building,
      unit: r.unit,
      room: r.room,
      area: Number(r.area),
      batch: r.batch,
      token: r.invite_token,
      ownerNames: namesOf.get(Number(r.id)) ?? []
    }))
}
export type NoticeHouse = Awaited<ReturnType<typeof noticeHouses>>[number]

/** What every notice of a community shares: profile, required documents, fee rates, batches. */
export async function communityNoticeData(db: Executor, communityId: number) {
  const c = await db
    .selectFrom('communities')
    .select(['name', 'address', 'service_phone', 'company', 'service_hours', 'service_place', 'prepaid_months'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow()
  const checklist = await db
    .selectFrom('checklist_items')
    .select(['code', 'title', 'requirement'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const rates = await db
    .selectFrom('fee_rates')
    .select(['kind', 'label', 'basis', 'rate_cents'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const batches = await db
    .selectFrom('batches')
    .select(['code', 'title', 'starts_on', 'ends_on', 'place'])
    .where('community_id', '=', communityId)
    .execute()
  // the fallback date window of a batch: its slots' first and last day
  const slotRange = await db
    .selectFrom('slots')
    .select((eb) => ['batch', eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
    .where('community_id', '=', communityId)
    .groupBy('batch')
    .execute()
  return {
    community: {
      name: c.name,
      address: c.address,
      servicePhone: c.service_phone,
      company: c.company,
      serviceHours: c.service_hours,
      servicePlace: c.service_place,
      prepaidMonths: Number(c.prepaid_months)
    },
    requiredDocuments: checklist.filter((i) => i.requirement === 'required').map((i) => ({ code: i.code, title: i.title })),
    rates: rates.map((r) => ({ kind: r.kind, label: r.label, basis: r.basis, rateCents: Number(r.rate_cents) })),
    batches: new Map(batches.map((b) => [b.code, { title: b.title, startsOn: b.starts_on, endsOn: b.ends_on, place: b.place }])),
    slotRange: new Map(slotRange.map((s) => [s.batch, { first: String(s.first), last: String(s.last) }]))
  }
}

export async function findWxacodes(db: Executor, houseIds: number[]) {
  if (houseIds.length === 0) return []
  const rows = await db
    .selectFrom('wxacodes')
    .select(['id', 'house_id', 'token', 'storage_key', 'error_code', 'error_message'])
    .where('house_id', 'in', houseIds)
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    houseId: Number(r.house_id),
    token: r.token,
    storageKey: r.storage_key,
    errorCode: r.error_code === null ? null : Number(r.error_code),
    errorMessage: r.error_message
  }))
}

/** One row per (house, token): the stored code, or the error WeChat gave last time. */
export async function saveWxacode(
  db: Executor,
  w: { houseId: number; token: string; storageKey: string | null; errorCode: number | null; errorMessage: string | null; at: string }
) {
  await db.deleteFrom('wxacodes').where('house_id', '=', w.houseId).where('token', '=', w.token).execute()
  await db
    .insertInto('wxacodes')
    .values({ house_id: w.houseId, token: w.token, storage_key: w.storageKey, error_code: w.errorCode, error_message: w.errorMessage, created_at: w.at })
    .execute()
}
