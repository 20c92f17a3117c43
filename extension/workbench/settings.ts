/** The extension's settings (package.json `contributes.configuration`), read in one place. */
import { isAbsolute, resolve } from 'node:path'
import * as vscode from 'vscode'
import type { CaptionPathStyle } from '../chat/selection-message'
import type { ProxyConfig } from '../mtproto'
import type { ServerProfile } from '../accounts/server-profile'
import { effectiveProxy } from './proxy-setting'

export const SECTION = 'telegramWorkbench'
export type NotificationLevel = 'all' | 'mentions' | 'none'

export interface WorkbenchSettings {
  apiId: number | undefined
  /** The profile new accounts get; each account keeps the one it was created with. */
  serverProfile: ServerProfile
  proxy: ProxyConfig | undefined
  floodSleepThreshold: number
  downloadFolder: string | undefined
  notifications: NotificationLevel
  mutedChats: string[]
  captionPathStyle: CaptionPathStyle
  confirmSendSelection: boolean
}

export function readSettings(): WorkbenchSettings {
  const config = vscode.workspace.getConfiguration(SECTION)
  const apiId = config.get<number>('apiId') ?? 0
  return {
    apiId: apiId > 0 ? apiId : undefined,
    serverProfile: readServerProfile(config),
    proxy: effectiveProxy(config.get<string>('proxy') ?? '', vscode.workspace.getConfiguration('http').get<string>('proxy') ?? ''),
    floodSleepThreshold: config.get<number>('floodSleepThreshold') ?? 60,
    downloadFolder: config.get<string>('downloadFolder') || undefined,
    notifications: config.get<NotificationLevel>('notifications') ?? 'all',
    mutedChats: config.get<string[]>('mutedChats') ?? [],
    captionPathStyle: config.get<CaptionPathStyle>('sendSelection.captionPath') ?? 'relative',
    confirmSendSelection: config.get<boolean>('sendSelection.confirm') ?? true,
  }
}

function readServerProfile(config: vscode.WorkspaceConfiguration): ServerProfile {
  switch (config.get<string>('server.profile')) {
    case 'test':
      return { kind: 'test' }
    case 'custom':
      return {
        kind: 'custom',
        dcs: [{ id: config.get<number>('server.dcId') ?? 2, host: config.get<string>('server.host') ?? '127.0.0.1', port: config.get<number>('server.port') ?? 443 }],
        rsaKeyPem: config.get<string>('server.rsaKey') ?? '',
      }
    case 'sandbox': {
      const file = config.get<string>('server.sandboxInfoFile') || 'test/sandbox/.run/info.json'
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath
      return { kind: 'sandbox', infoFile: isAbsolute(file) || !root ? file : resolve(root, file) }
    }
    default:
      return { kind: 'production' }
  }
}
