// Basic groups and channels (supergroups and broadcast channels), with their members.
import type { BasicGroup, Channel, ChannelRole } from './records'

export interface ChatStoreState {
  groups: Map<bigint, BasicGroup>
  channels: Map<bigint, Channel>
  nextChatId: bigint
  nextChannelId: bigint
}

/** Chat and channel ids each have their own space; these starting points only make them easy to tell apart. */
export const FIRST_CHAT_ID = 4_000_001n
export const FIRST_CHANNEL_ID = 1_500_000_001n

export function emptyChatStoreState(): ChatStoreState {
  return { groups: new Map(), channels: new Map(), nextChatId: FIRST_CHAT_ID, nextChannelId: FIRST_CHANNEL_ID }
}

export interface NewGroup {
  readonly title: string
  readonly creatorId: bigint
  /** Members besides the creator, invited by the creator. */
  readonly memberIds: readonly bigint[]
}

export interface NewChannel {
  readonly title: string
  readonly about?: string
  readonly username?: string
  readonly creatorId: bigint
  /** true: a broadcast channel; false: a supergroup. */
  readonly broadcast: boolean
  readonly memberIds?: readonly bigint[]
  readonly adminIds?: readonly bigint[]
  readonly signatures?: boolean
}

export class ChatStore {
  constructor(
    readonly state: ChatStoreState,
    private readonly nowSeconds: () => number,
  ) {}

  createGroup(input: NewGroup): BasicGroup {
    const date = this.nowSeconds()
    const group: BasicGroup = {
      id: this.state.nextChatId++,
      title: input.title,
      creatorId: input.creatorId,
      date,
      photoId: undefined,
      participants: [input.creatorId, ...input.memberIds.filter((id) => id !== input.creatorId)].map((userId) => ({
        userId,
        inviterId: input.creatorId,
        date,
        admin: userId === input.creatorId,
      })),
      leftIds: [],
      kickedIds: [],
      version: 1,
      deactivated: false,
    }
    this.state.groups.set(group.id, group)
    return group
  }

  createChannel(input: NewChannel): Channel {
    const date = this.nowSeconds()
    const admins = new Set(input.adminIds ?? [])
    const members = [input.creatorId, ...(input.memberIds ?? []).filter((id) => id !== input.creatorId)]
    const channel: Channel = {
      id: this.state.nextChannelId++,
      title: input.title,
      about: input.about ?? '',
      username: input.username,
      broadcast: input.broadcast,
      megagroup: !input.broadcast,
      creatorId: input.creatorId,
      date,
      photoId: undefined,
      signatures: input.signatures ?? false,
      participants: members.map((userId) => ({
        userId,
        inviterId: userId === input.creatorId ? undefined : input.creatorId,
        date,
        role: (userId === input.creatorId ? 'creator' : admins.has(userId) ? 'admin' : 'member') as ChannelRole,
      })),
      kickedIds: [],
    }
    this.state.channels.set(channel.id, channel)
    return channel
  }

  group(id: bigint): BasicGroup | undefined {
    return this.state.groups.get(id)
  }

  channel(id: bigint): Channel | undefined {
    return this.state.channels.get(id)
  }

  channelByUsername(username: string): Channel | undefined {
    const wanted = username.toLowerCase()
    for (const channel of this.state.channels.values()) if (channel.username?.toLowerCase() === wanted) return channel
    return undefined
  }

  isGroupMember(groupId: bigint, userId: bigint): boolean {
    return this.group(groupId)?.participants.some((p) => p.userId === userId) ?? false
  }

  groupMemberIds(groupId: bigint): bigint[] {
    return this.group(groupId)?.participants.map((p) => p.userId) ?? []
  }

  channelRole(channelId: bigint, userId: bigint): ChannelRole | undefined {
    return this.channel(channelId)?.participants.find((p) => p.userId === userId)?.role
  }

  isChannelMember(channelId: bigint, userId: bigint): boolean {
    return this.channelRole(channelId, userId) !== undefined
  }

  channelMemberIds(channelId: bigint): bigint[] {
    return this.channel(channelId)?.participants.map((p) => p.userId) ?? []
  }

  /** Groups and channels the user is in, for getDialogs and the update fan-out. */
  channelsOf(userId: bigint): Channel[] {
    return [...this.state.channels.values()].filter((channel) => channel.participants.some((p) => p.userId === userId))
  }

  joinChannel(channelId: bigint, userId: bigint, inviterId?: bigint): boolean {
    const channel = this.channel(channelId)
    if (!channel || this.isChannelMember(channelId, userId)) return false
    channel.participants.push({ userId, inviterId, date: this.nowSeconds(), role: 'member' })
    channel.kickedIds = channel.kickedIds.filter((id) => id !== userId)
    return true
  }

  /**
   * Takes a member out of a basic group: one who left by itself still sees the chat with `left`, one removed
   * by an admin sees chatForbidden. Returns whether it was a member.
   */
  removeFromGroup(groupId: bigint, userId: bigint, how: 'left' | 'kicked'): boolean {
    const group = this.group(groupId)
    if (!group || !this.isGroupMember(groupId, userId)) return false
    group.participants = group.participants.filter((p) => p.userId !== userId)
    if (how === 'left') group.leftIds = [...group.leftIds.filter((id) => id !== userId), userId]
    else group.kickedIds = [...group.kickedIds.filter((id) => id !== userId), userId]
    group.version++
    return true
  }

  /** Adds a member to a basic group (an invite link, or someone who left coming back). */
  addToGroup(groupId: bigint, userId: bigint, inviterId: bigint): boolean {
    const group = this.group(groupId)
    if (!group || this.isGroupMember(groupId, userId)) return false
    group.participants.push({ userId, inviterId, date: this.nowSeconds(), admin: false })
    group.leftIds = group.leftIds.filter((id) => id !== userId)
    group.kickedIds = group.kickedIds.filter((id) => id !== userId)
    group.version++
    return true
  }

  leaveChannel(channelId: bigint, userId: bigint): boolean {
    const channel = this.channel(channelId)
    if (!channel || !this.isChannelMember(channelId, userId)) return false
    channel.participants = channel.participants.filter((p) => p.userId !== userId)
    return true
  }
}
