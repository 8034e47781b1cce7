import Taro from '@tarojs/taro'

/**
 * What a page asks before it is left (issue 10 item 3). On weapp WeChat's own back button and
 * the back gesture ask, through wx.enableAlertBeforeUnload (its dialog: the message with
 * 确定 = leave and 取消 = stay); it holds for the page that enabled it.
 */
export interface LeaveGuard {
  title: string
  message: string
  stayText: string
  onStay?: () => void
}

export function setLeaveGuard(guard: LeaveGuard | null): void {
  try {
    if (guard) void Taro.enableAlertBeforeUnload({ message: `${guard.title}：${guard.message}` })
    else void Taro.disableAlertBeforeUnload()
  } catch {
    // base library < 2.12: leaving simply is not asked
  }
}

/** Nothing of ours asks on weapp: WeChat's bar does (see setLeaveGuard). */
export function leaveGuarded(): boolean {
  return false
}

/** The title bar of weapp is WeChat's, which asks by itself (see setLeaveGuard). */
export async function mayLeave(): Promise<boolean> {
  return true
}
