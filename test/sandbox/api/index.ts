// Every API module the sandbox serves. A new namespace (auth, messages, upload...) is one more entry here.
import { MethodRegistry } from '../rpc/method-registry'
import { accountMethods } from './account'
import { authMethods } from './auth'
import { channelAdminMethods } from './channel-admin'
import { channelsMethods } from './channels'
import { contactsMethods } from './contacts'
import { foldersMethods } from './folders'
import { helpMethods } from './help'
import { messagesMethods } from './messages'
import { photosMethods } from './photos'
import { updatesMethods } from './updates'
import { uploadMethods } from './upload'
import { usersMethods } from './users'

export function createMethodRegistry(): MethodRegistry {
  return new MethodRegistry([helpMethods, authMethods, accountMethods, uploadMethods, updatesMethods, messagesMethods, usersMethods, contactsMethods, channelsMethods, photosMethods, foldersMethods, channelAdminMethods])
}
