/** The signed-in account's own profile: name, bio and username. */
import type { TlConstructors } from '../../../schema/codec/generated/types'
import type { TelegramClient } from './telegram-client'

export interface ProfileChanges {
  firstName?: string
  lastName?: string
  /** The bio shown on the profile. */
  about?: string
}

export const accountMethods = {
  /** Changes the name or bio; fields left out stay as they are. Resolves with the updated user. */
  async updateProfile(this: TelegramClient, changes: ProfileChanges): Promise<TlConstructors['user']> {
    const user = await this.call({
      _: 'account.updateProfile',
      ...(changes.firstName !== undefined ? { first_name: changes.firstName } : {}),
      ...(changes.lastName !== undefined ? { last_name: changes.lastName } : {}),
      ...(changes.about !== undefined ? { about: changes.about } : {}),
    })
    if (user._ !== 'user') throw new Error(`account.updateProfile answered ${user._}`)
    this.me = user
    return user
  },

  /** Sets the public username ('' removes it). */
  async updateUsername(this: TelegramClient, username: string): Promise<TlConstructors['user']> {
    const user = await this.call({ _: 'account.updateUsername', username: username.replace(/^@/, '') })
    if (user._ !== 'user') throw new Error(`account.updateUsername answered ${user._}`)
    this.me = user
    return user
  },
}
