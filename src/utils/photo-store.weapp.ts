import Taro from '@tarojs/taro'
import type { PickedFile } from './files'
import { newIdempotencyKey } from './offline-queue'

/*
 * Photos of entries waiting to sync, copied out of the camera's temp path (which WeChat may
 * clear once the mini-program is closed) into the user data folder. The queued entry carries
 * the copy's path as its local id; the copy is removed once the server has the entry (or the
 * inspector discards a rejected one).
 */

const dir = () => `${Taro.env.USER_DATA_PATH}/offline-photos`

function fs() {
  return Taro.getFileSystemManager()
}

function ensureDir() {
  try {
    fs().accessSync(dir())
  } catch {
    try {
      fs().mkdirSync(dir(), true)
    } catch {
      /* made meanwhile */
    }
  }
}

/** Copies the photo to the user data folder; resolves the copy's path (the local id). */
export async function keepPhoto(f: PickedFile): Promise<string> {
  if (!f.path) throw new Error('no image path')
  ensureDir()
  const ext = (/\.(\w{1,5})$/.exec(f.path)?.[1] ?? 'jpg').toLowerCase()
  const dest = `${dir()}/${newIdempotencyKey()}.${ext}`
  await new Promise<void>((resolve, reject) => {
    fs().copyFile({ srcPath: f.path!, destPath: dest, success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) })
  })
  return dest
}

/** The kept photo as a file to upload, or null when it is no longer on the phone. */
export async function loadPhoto(localId: string): Promise<PickedFile | null> {
  let st: { size?: number }
  try {
    st = fs().statSync(localId) as unknown as { size?: number }
  } catch (e) {
    // only "no such file" means gone; anything else is retried
    if (/no such file|not exist/i.test(String((e as { message?: string; errMsg?: string })?.errMsg ?? (e as Error)?.message ?? e))) return null
    throw e
  }
  return { name: localId.split('/').pop() || 'photo.jpg', size: Number(st?.size ?? 0), path: localId }
}

export async function dropPhoto(localId: string): Promise<void> {
  try {
    fs().unlinkSync(localId)
  } catch {
    /* already gone */
  }
}

export async function keptPhotoIds(): Promise<string[]> {
  try {
    return fs()
      .readdirSync(dir())
      .map((n) => `${dir()}/${n}`)
  } catch {
    return []
  }
}
