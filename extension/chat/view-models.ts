/**
 * TL objects → the webview protocol's view models. Pure functions, no vscode import: everything the
 * webview sees about a chat passes through here, so this is where "no secret crosses" is enforced by
 * construction (only titles, names, texts, sizes and ids are copied; never access hashes, file
 * references or session data).
 */
import type { TlConstructors, TlTypes } from '../../schema/codec/generated/types'
import { getDisplayName, getPeerId, type Dialog, type Entity, type Message } from '../mtproto'
import { inflateStrippedThumbnail } from '../mtproto/files'
import type {
  ButtonView,
  DialogView,
  EntityType,
  EntityView,
  MediaView,
  MessageView,
  PeerKind,
  ProfilePhotoView,
  ServiceAction,
  UserView,
} from '../../webview/protocol'

type RawEntity = TlTypes['MessageEntity']
type Document = TlConstructors['document']

/** Unix seconds: Telegram's `mute_until` of 2^31-1 means "forever". */
const now = () => Math.floor(Date.now() / 1000)

export function peerKind(entity: Entity | undefined, peer: TlTypes['Peer']): PeerKind {
  if (entity?._ === 'user') return entity.bot ? 'bot' : 'user'
  if (entity?._ === 'channel') return entity.broadcast ? 'channel' : 'group'
  return peer._ === 'peerUser' ? 'user' : peer._ === 'peerChannel' ? 'channel' : 'group'
}

export function userView(entity: Entity): UserView {
  const view: UserView = { id: getPeerId(entity).toString(), name: getDisplayName(entity) }
  const username = usernameOf(entity)
  if (username) view.username = username
  const photo = profilePhotoView(entity)
  if (photo) view.photo = photo
  if (entity._ === 'user' && entity.bot) view.bot = true
  if ((entity._ === 'user' || entity._ === 'channel') && entity.verified) view.verified = true
  return view
}

/** The peer's current photo: its id (to ask for the small size) and the stripped preview it carries. */
export function profilePhotoView(entity: Entity | undefined): ProfilePhotoView | undefined {
  const photo = entity && 'photo' in entity ? entity.photo : undefined
  if (photo?._ !== 'userProfilePhoto' && photo?._ !== 'chatPhoto') return undefined
  const view: ProfilePhotoView = { id: photo.photo_id.toString() }
  const previewUri = photo.stripped_thumb && strippedJpegUri(photo.stripped_thumb)
  if (previewUri) view.previewUri = previewUri
  return view
}

export function usernameOf(entity: Entity | undefined): string | undefined {
  if (entity?._ === 'user' || entity?._ === 'channel') return entity.username ?? entity.usernames?.find((u) => u.active)?.username
  return undefined
}

export function dialogView(dialog: Dialog, pinnedOrder: number | undefined): DialogView {
  const entity = dialog.entity
  const view: DialogView = {
    peerId: dialog.id.toString(),
    kind: peerKind(entity, dialog.peer),
    title: dialog.name || 'Deleted account',
    date: dialog.message?.raw.date ?? 0,
    unreadCount: dialog.unreadCount,
    unreadMentions: dialog.unreadMentionsCount,
  }
  const username = usernameOf(entity)
  if (username) view.username = username
  const photo = profilePhotoView(entity)
  if (photo) view.photo = photo
  if (pinnedOrder !== undefined) view.pinnedOrder = pinnedOrder
  const settings = dialog.raw.notify_settings
  if (settings._ === 'peerNotifySettings' && settings.mute_until !== undefined && settings.mute_until > now()) view.muted = true
  if ((entity?._ === 'user' || entity?._ === 'channel') && entity.verified) view.verified = true
  const top = dialog.message
  if (top) {
    view.preview = previewOf(top, view.kind)
    if (top.out) view.outRead = top.id <= dialog.raw.read_outbox_max_id
  }
  const draft = dialog.draft
  if (draft?._ === 'draftMessage' && draft.message) view.draft = draft.message
  return view
}

/** The one-line preview of a dialog's last message. */
export function previewOf(message: Message, kind: PeerKind): NonNullable<DialogView['preview']> {
  const media = message.media ? mediaView(message.media) : undefined
  const preview: NonNullable<DialogView['preview']> = {
    text: message.isService ? describeAction(serviceAction(message)) : oneLine(message.text),
    out: message.out,
  }
  if (media) preview.mediaLabel = mediaLabel(media)
  if (kind === 'group' && !message.out && message.sender) preview.senderName = getDisplayName(message.sender)
  return preview
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}

export function mediaLabel(media: MediaView): string {
  switch (media.kind) {
    case 'photo':
      return 'Photo'
    case 'document':
      return media.fileName
    case 'sticker':
      return media.emoji ? `${media.emoji} Sticker` : 'Sticker'
    case 'audio':
      return media.voice ? 'Voice message' : media.title ?? 'Audio'
    case 'video':
      return media.round ? 'Video message' : 'Video'
    case 'unsupported':
      return media.label
  }
}

/** `lookup` finds users and chats the message mentions by id (the forward's origin). */
export function messageView(message: Message, lookup: (id: bigint) => Entity | undefined = () => undefined): MessageView {
  const raw = message.raw
  const view: MessageView = {
    id: message.id,
    peerId: message.chatId.toString(),
    date: raw.date,
    out: message.out,
    text: message.text,
    entities: message.entities.map(entityView).filter((e): e is EntityView => e !== undefined),
  }
  const senderId = message.senderId
  if (senderId !== undefined) view.senderId = senderId.toString()
  if (message.isService) view.service = serviceAction(message)
  if (raw._ !== 'message') return view

  if (raw.media) {
    const media = mediaView(raw.media)
    if (media) view.media = media
  }
  if (raw.reply_to?._ === 'messageReplyHeader' && raw.reply_to.reply_to_msg_id !== undefined) {
    view.replyTo = { messageId: raw.reply_to.reply_to_msg_id, snippet: raw.reply_to.quote_text ?? '' }
  }
  if (raw.fwd_from) view.forward = { fromName: forwardName(raw.fwd_from, lookup), date: raw.fwd_from.date }
  if (raw.views !== undefined) view.views = raw.views
  if (raw.post_author) view.signature = raw.post_author
  if (raw.edit_date !== undefined && !raw.edit_hide) view.editDate = raw.edit_date
  if (raw.pinned) view.pinned = true
  if (raw.grouped_id !== undefined) view.groupedId = raw.grouped_id.toString()
  if (raw.reply_markup?._ === 'replyInlineMarkup') view.buttons = raw.reply_markup.rows.map((row) => row.buttons.map(buttonView))
  return view
}

function forwardName(header: TlTypes['MessageFwdHeader'], lookup: (id: bigint) => Entity | undefined): string {
  if (header.from_name) return header.from_name
  const from = header.from_id ? lookup(getPeerId(header.from_id)) : undefined
  return from ? getDisplayName(from) : 'Unknown'
}

function buttonView(button: TlTypes['KeyboardButton']): ButtonView {
  const text = 'text' in button ? button.text : ''
  if (button._ === 'keyboardButtonCallback') return { text, action: { type: 'callback', data: Buffer.from(button.data).toString('base64') } }
  if (button._ === 'keyboardButtonUrl') return { text, action: { type: 'url', url: button.url } }
  return { text, action: { type: 'other' } }
}

const ENTITY_TYPES: Partial<Record<RawEntity['_'], EntityType>> = {
  messageEntityBold: 'bold',
  messageEntityItalic: 'italic',
  messageEntityUnderline: 'underline',
  messageEntityStrike: 'strike',
  messageEntitySpoiler: 'spoiler',
  messageEntityCode: 'code',
  messageEntityPre: 'pre',
  messageEntityBlockquote: 'blockquote',
  messageEntityUrl: 'url',
  messageEntityTextUrl: 'textUrl',
  messageEntityEmail: 'email',
  messageEntityPhone: 'phone',
  messageEntityMention: 'mention',
  messageEntityMentionName: 'mentionName',
  inputMessageEntityMentionName: 'mentionName',
  messageEntityHashtag: 'hashtag',
  messageEntityCashtag: 'cashtag',
  messageEntityBotCommand: 'botCommand',
  messageEntityCustomEmoji: 'customEmoji',
}

/** Unknown kinds (bank cards, dates, …) are dropped: their text still shows, unformatted. */
export function entityView(entity: RawEntity): EntityView | undefined {
  const type = ENTITY_TYPES[entity._]
  if (!type) return undefined
  const view: EntityView = { type, offset: entity.offset, length: entity.length }
  if (entity._ === 'messageEntityTextUrl') view.url = entity.url
  if (entity._ === 'messageEntityPre' && entity.language) view.language = entity.language
  if (entity._ === 'messageEntityMentionName') view.userId = entity.user_id.toString()
  return view
}

export function mediaView(media: TlTypes['MessageMedia']): MediaView | undefined {
  switch (media._) {
    case 'messageMediaPhoto': {
      if (media.photo?._ !== 'photo') return { kind: 'unsupported', label: 'Photo (expired)' }
      const largest = media.photo.sizes.reduce((best, size) => ('w' in size && size.w > best.w ? { w: size.w, h: size.h } : best), { w: 0, h: 0 })
      const view: MediaView = { kind: 'photo', width: largest.w, height: largest.h }
      const thumbUri = strippedThumbUri(media.photo.sizes)
      if (thumbUri) view.thumbUri = thumbUri
      if (media.spoiler) view.spoiler = true
      return view
    }
    case 'messageMediaDocument':
      return media.document?._ === 'document' ? documentView(media.document, media) : { kind: 'unsupported', label: 'File (expired)' }
    case 'messageMediaEmpty':
      return undefined
    case 'messageMediaGeo':
    case 'messageMediaGeoLive':
    case 'messageMediaVenue':
      return { kind: 'unsupported', label: 'Location' }
    case 'messageMediaContact':
      return { kind: 'unsupported', label: 'Contact' }
    case 'messageMediaPoll':
      return { kind: 'unsupported', label: 'Poll' }
    case 'messageMediaWebPage':
      // The link itself is in the text; the preview card is not rendered.
      return undefined
    default:
      return { kind: 'unsupported', label: 'Unsupported message' }
  }
}

function documentView(document: Document, media: TlConstructors['messageMediaDocument']): MediaView {
  const attribute = <K extends TlTypes['DocumentAttribute']['_']>(name: K) =>
    document.attributes.find((a): a is Extract<TlTypes['DocumentAttribute'], { _: K }> => a._ === name)
  const fileName = attribute('documentAttributeFilename')?.file_name
  const size = Number(document.size)
  const sticker = attribute('documentAttributeSticker')
  const image = attribute('documentAttributeImageSize')
  if (sticker) {
    const view: MediaView = { kind: 'sticker', width: image?.w ?? 512, height: image?.h ?? 512 }
    if (sticker.alt) view.emoji = sticker.alt
    return view
  }
  const audio = attribute('documentAttributeAudio')
  if (audio) {
    const view: MediaView = { kind: 'audio', voice: audio.voice ?? media.voice ?? false, duration: audio.duration, size }
    if (audio.title) view.title = audio.title
    if (audio.performer) view.performer = audio.performer
    if (fileName) view.fileName = fileName
    return view
  }
  const video = attribute('documentAttributeVideo')
  if (video) {
    const view: MediaView = { kind: 'video', width: video.w, height: video.h, duration: Math.round(video.duration), size }
    const thumbUri = strippedThumbUri(document.thumbs ?? [])
    if (thumbUri) view.thumbUri = thumbUri
    if (fileName) view.fileName = fileName
    if (video.round_message || media.round) view.round = true
    return view
  }
  return { kind: 'document', fileName: fileName ?? `file.${extensionOf(document.mime_type)}`, mimeType: document.mime_type, size }
}

function extensionOf(mimeType: string): string {
  return /^[a-z]+\/([a-z0-9]+)$/i.exec(mimeType)?.[1] ?? 'bin'
}

/** The stripped thumbnail (a few hundred bytes inside the message) as a JPEG data: URI, so photos show at once. */
export function strippedThumbUri(sizes: readonly TlTypes['PhotoSize'][]): string | undefined {
  const stripped = sizes.find((s) => s._ === 'photoStrippedSize')
  return stripped?._ === 'photoStrippedSize' ? strippedJpegUri(stripped.bytes) : undefined
}

function strippedJpegUri(bytes: Uint8Array): string | undefined {
  try {
    return `data:image/jpeg;base64,${Buffer.from(inflateStrippedThumbnail(bytes)).toString('base64')}`
  } catch {
    return undefined
  }
}

export function serviceAction(message: Message): ServiceAction {
  const action = message.action
  const userIds = (ids: readonly bigint[]) => ids.map((id) => id.toString())
  switch (action?._) {
    case 'messageActionChatCreate':
    case 'messageActionChannelCreate':
      return { type: 'chatCreated', title: action.title }
    case 'messageActionChatAddUser':
      return { type: 'usersJoined', userIds: userIds(action.users) }
    case 'messageActionChatDeleteUser':
      return { type: 'userLeft', userId: action.user_id.toString() }
    case 'messageActionChatJoinedByLink':
    case 'messageActionChatJoinedByRequest':
      return { type: 'joinedByLink' }
    case 'messageActionChatEditTitle':
      return { type: 'titleChanged', title: action.title }
    case 'messageActionChatEditPhoto':
    case 'messageActionChatDeletePhoto':
      return { type: 'photoChanged' }
    case 'messageActionPinMessage':
      return { type: 'pinned', messageId: message.replyToMessageId ?? 0 }
    default:
      return { type: 'other', label: action ? humanize(action._) : 'Service message' }
  }
}

/** `messageActionGroupCall` → "Group call": a readable fallback for actions the webview has no words for. */
function humanize(name: string): string {
  const words = name.replace(/^messageAction/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function describeAction(action: ServiceAction): string {
  switch (action.type) {
    case 'chatCreated':
      return `Created the group «${action.title}»`
    case 'usersJoined':
      return 'Joined the group'
    case 'userLeft':
      return 'Left the group'
    case 'joinedByLink':
      return 'Joined by invite link'
    case 'titleChanged':
      return `Changed the title to «${action.title}»`
    case 'photoChanged':
      return 'Changed the group photo'
    case 'pinned':
      return 'Pinned a message'
    case 'other':
      return action.label
  }
}
