/**
 * One dialog by peer (messages.getPeerDialogs): its unread counts, read marks and last message, for
 * the chat header and for re-sorting the list after an update.
 */
import { Dialog, Message, type TelegramClient } from '../mtproto'
import { entityMap } from '../mtproto/client/message'
import { getPeerId } from '../mtproto'

export async function fetchDialog(client: TelegramClient, peer: bigint): Promise<Dialog | undefined> {
  const answer = await client.call({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: await client.resolvePeer(peer) }] })
  const raw = answer.dialogs.find((d) => d._ === 'dialog')
  if (raw?._ !== 'dialog') return undefined
  const related = entityMap(answer)
  const id = getPeerId(raw.peer)
  const top = answer.messages.find((m) => m._ !== 'messageEmpty' && m.id === raw.top_message && getPeerId(m.peer_id) === id)
  const message = top && top._ !== 'messageEmpty' ? new Message(top, related, client) : undefined
  return new Dialog(raw, related.get(id), message)
}
