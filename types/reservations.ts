import { Type, type Static } from 'typebox'

/** YYYY-MM-DD, a calendar date in Asia/Shanghai */
export const DateOnlySchema = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })

/** Client-generated, one per user intent (a retry reuses it): 8-64 of [A-Za-z0-9_-] */
export const IdempotencyKeySchema = Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })

export const SLOT_STATUSES = ['open', 'full', 'closed'] as const
export type SlotStatus = (typeof SLOT_STATUSES)[number]

/** GET /api/owner/slots?from&to (default: today and the 13 days after it; at most 31 days) */
export const SlotsQuerySchema = Type.Object(
  { from: Type.Optional(DateOnlySchema), to: Type.Optional(DateOnlySchema) },
  { $id: 'SlotsQuery', additionalProperties: false }
)
export type SlotsQuery = Static<typeof SlotsQuerySchema>

export const SlotSchema = Type.Object(
  {
    id: Type.Integer(),
    date: Type.String(),
    /** HH:MM, Asia/Shanghai */
    start: Type.String(),
    end: Type.String(),
    capacity: Type.Integer(),
    remaining: Type.Integer(),
    /** open: bookable; full: no seat left; closed: past the reservation cut-off */
    status: Type.Enum(SLOT_STATUSES),
    /** the last instant (exclusive) this slot may be booked, changed or cancelled (ISO) */
    deadline: Type.String()
  },
  { $id: 'Slot' }
)
export type Slot = Static<typeof SlotSchema>

export const SlotDaySchema = Type.Object({ date: Type.String(), slots: Type.Array(SlotSchema) }, { $id: 'SlotDay' })
export type SlotDay = Static<typeof SlotDaySchema>

export const SlotListSchema = Type.Object(
  {
    batch: Type.String(),
    from: Type.String(),
    to: Type.String(),
    /** hours before a slot's start after which it can no longer be booked, changed or cancelled */
    cutoffHours: Type.Integer(),
    /** whether the case may reserve now (all required documents approved) */
    canReserve: Type.Boolean(),
    /** why not, in Chinese (the engine's reasons); empty when canReserve */
    blockers: Type.Array(Type.String()),
    /** the slot of the active reservation, if any */
    currentSlotId: Type.Union([Type.Integer(), Type.Null()]),
    /** only days that have slots, ascending */
    days: Type.Array(SlotDaySchema)
  },
  { $id: 'SlotList' }
)
export type SlotList = Static<typeof SlotListSchema>

/** POST and PUT /api/owner/reservation */
export const ReserveRequestSchema = Type.Object(
  { slotId: Type.Integer({ minimum: 1, maximum: 2147483647 }), idempotencyKey: IdempotencyKeySchema },
  { $id: 'ReserveRequest', additionalProperties: false }
)
export type ReserveRequest = Static<typeof ReserveRequestSchema>

export const BringItemSchema = Type.Object(
  { code: Type.String(), title: Type.String(), note: Type.String() },
  { $id: 'BringItem' }
)
export type BringItem = Static<typeof BringItemSchema>

/** The active reservation and what the owner needs to know for the day. */
export const ReservationSchema = Type.Object(
  {
    id: Type.Integer(),
    houseLabel: Type.String(),
    slot: Type.Object({ id: Type.Integer(), date: Type.String(), start: Type.String(), end: Type.String() }),
    /** e.g. "3月5日（周四）09:00-10:00" */
    whenText: Type.String(),
    /** where: the property service centre */
    place: Type.Object({ name: Type.String(), address: Type.String(), phone: Type.String() }),
    /** originals to bring */
    bring: Type.Array(BringItemSchema),
    /** reschedule / cancel allowed before this instant (ISO) */
    changeDeadline: Type.String(),
    canChange: Type.Boolean(),
    createdAt: Type.String()
  },
  { $id: 'Reservation' }
)
export type Reservation = Static<typeof ReservationSchema>

/** GET / POST / PUT / DELETE /api/owner/reservation */
export const ReservationStateSchema = Type.Object(
  { reservation: Type.Union([ReservationSchema, Type.Null()]) },
  { $id: 'ReservationState' }
)
export type ReservationState = Static<typeof ReservationStateSchema>

/** GET /api/staff/slots?date (default today) */
export const StaffSlotsQuerySchema = Type.Object(
  { date: Type.Optional(DateOnlySchema) },
  { $id: 'StaffSlotsQuery', additionalProperties: false }
)
export type StaffSlotsQuery = Static<typeof StaffSlotsQuerySchema>

export const StaffBookingSchema = Type.Object(
  {
    reservationId: Type.Integer(),
    houseId: Type.Integer(),
    houseLabel: Type.String(),
    /** masked, e.g. 张*明 */
    ownerName: Type.String(),
    createdAt: Type.String()
  },
  { $id: 'StaffBooking' }
)
export type StaffBooking = Static<typeof StaffBookingSchema>

export const StaffSlotSchema = Type.Object(
  {
    id: Type.Integer(),
    batch: Type.String(),
    start: Type.String(),
    end: Type.String(),
    capacity: Type.Integer(),
    booked: Type.Integer(),
    bookings: Type.Array(StaffBookingSchema)
  },
  { $id: 'StaffSlot' }
)
export type StaffSlot = Static<typeof StaffSlotSchema>

export const StaffSlotListSchema = Type.Object(
  { date: Type.String(), slots: Type.Array(StaffSlotSchema) },
  { $id: 'StaffSlotList' }
)
export type StaffSlotList = Static<typeof StaffSlotListSchema>
