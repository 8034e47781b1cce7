import type { DefectCategory, DefectSeverity, InspectionMeterKind } from '../../../types'

// The contract's lists, repeated here so no schema code enters the bundle (types are import-only).
export const DEFECT_CATEGORIES: readonly DefectCategory[] = ['渗漏', '开裂', '门窗', '电气', '给排水', '其他']
export const DEFECT_SEVERITIES: readonly DefectSeverity[] = ['轻微', '一般', '严重']
export const METER_KINDS: readonly InspectionMeterKind[] = ['water', 'electricity', 'gas']
export const METER_LABELS: Record<InspectionMeterKind, string> = { water: '水表', electricity: '电表', gas: '燃气表' }
