import type {
  SetupAgreementInput,
  SetupAgreementList,
  SetupBatch,
  SetupBatchInput,
  SetupBatchList,
  SetupBuilding,
  SetupBuildingInput,
  SetupBuildingList,
  SetupChecklistInput,
  SetupChecklistItem,
  SetupChecklistList,
  SetupFeeRate,
  SetupFeeRateInput,
  SetupFeeRateList,
  SetupPolicy,
  SetupProfile,
  SetupSlot,
  SetupSlotList,
  SetupSlotsQuery,
  SetupStatus,
  SetupSurveyWeights,
  SetupSurveyWeightsInput,
  SlotGenerateRequest,
  SlotGenerateResult
} from '../../types'
import { request } from './client'

/** The manager's community set-up: /api/staff/setup/... */
const P = '/api/staff/setup'
const staff = { auth: 'staff' as const }

export const fetchSetupStatus = () => request<SetupStatus>(`${P}/status`, staff)

export const fetchProfile = () => request<SetupProfile>(`${P}/profile`, staff)
export const saveProfile = (body: SetupProfile) => request<SetupProfile>(`${P}/profile`, { ...staff, method: 'PUT', body })
export const fetchPolicy = () => request<SetupPolicy>(`${P}/policy`, staff)
export const savePolicy = (body: SetupPolicy) => request<SetupPolicy>(`${P}/policy`, { ...staff, method: 'PUT', body })

export const fetchBuildings = () => request<SetupBuildingList>(`${P}/buildings`, staff)
export const createBuilding = (body: SetupBuildingInput) => request<SetupBuilding>(`${P}/buildings`, { ...staff, method: 'POST', body })
export const updateBuilding = (id: number, body: SetupBuildingInput) => request<SetupBuilding>(`${P}/buildings/${id}`, { ...staff, method: 'PUT', body })
export const deleteBuilding = (id: number) => request<null>(`${P}/buildings/${id}`, { ...staff, method: 'DELETE' })

export const fetchBatches = () => request<SetupBatchList>(`${P}/batches`, staff)
export const createBatch = (body: SetupBatchInput) => request<SetupBatch>(`${P}/batches`, { ...staff, method: 'POST', body })
export const updateBatch = (id: number, body: SetupBatchInput) => request<SetupBatch>(`${P}/batches/${id}`, { ...staff, method: 'PUT', body })
export const deleteBatch = (id: number) => request<null>(`${P}/batches/${id}`, { ...staff, method: 'DELETE' })

export const generateSlots = (body: SlotGenerateRequest) => request<SlotGenerateResult>(`${P}/slots/generate`, { ...staff, method: 'POST', body })
export const fetchSlots = (q: SetupSlotsQuery) => request<SetupSlotList>(`${P}/slots`, { ...staff, query: q })
export const setSlotCapacity = (id: number, capacity: number) => request<SetupSlot>(`${P}/slots/${id}`, { ...staff, method: 'PATCH', body: { capacity } })
export const deleteSlot = (id: number) => request<null>(`${P}/slots/${id}`, { ...staff, method: 'DELETE' })

export const fetchChecklist = () => request<SetupChecklistList>(`${P}/checklist`, staff)
export const createChecklistItem = (body: SetupChecklistInput) => request<SetupChecklistItem>(`${P}/checklist`, { ...staff, method: 'POST', body })
export const updateChecklistItem = (id: number, body: SetupChecklistInput) =>
  request<SetupChecklistItem>(`${P}/checklist/${id}`, { ...staff, method: 'PUT', body })
export const deleteChecklistItem = (id: number) => request<null>(`${P}/checklist/${id}`, { ...staff, method: 'DELETE' })

export const fetchFeeRates = () => request<SetupFeeRateList>(`${P}/fees`, staff)
export const createFeeRate = (body: SetupFeeRateInput) => request<SetupFeeRate>(`${P}/fees`, { ...staff, method: 'POST', body })
export const updateFeeRate = (id: number, body: SetupFeeRateInput) => request<SetupFeeRate>(`${P}/fees/${id}`, { ...staff, method: 'PUT', body })
export const deleteFeeRate = (id: number) => request<null>(`${P}/fees/${id}`, { ...staff, method: 'DELETE' })

export const fetchAgreementVersions = () => request<SetupAgreementList>(`${P}/agreements`, staff)
export const publishAgreement = (body: SetupAgreementInput) => request<SetupAgreementList>(`${P}/agreements`, { ...staff, method: 'POST', body })

export const fetchSurveyWeights = () => request<SetupSurveyWeights>(`${P}/survey`, staff)
export const saveSurveyWeights = (body: SetupSurveyWeightsInput) => request<SetupSurveyWeights>(`${P}/survey`, { ...staff, method: 'PUT', body })
