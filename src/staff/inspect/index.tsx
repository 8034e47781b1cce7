import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { InspectionSheet, InspectQueue } from '../../components/Inspection'
import '../staff.scss'
import '../../components/Inspection/index.scss'
import { withPage } from '../../components/Page'

/** staff/inspect: the queue, or one round (`?id=`). */
function InspectPage() {
  const id = Number(useRouter().params.id)
  return <View className='staff'>{Number.isInteger(id) && id > 0 ? <InspectionSheet id={id} /> : <InspectQueue />}</View>
}

export default withPage(InspectPage)
