// Every API module the sandbox serves. A new namespace (auth, messages, upload...) is one more entry here.
import { MethodRegistry } from '../rpc/method-registry'
import { helpMethods } from './help'
import { updatesMethods } from './updates'
import { uploadMethods } from './upload'

export function createMethodRegistry(): MethodRegistry {
  return new MethodRegistry([helpMethods, uploadMethods, updatesMethods])
}
