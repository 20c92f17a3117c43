import * as vscode from 'vscode'

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('telegramWorkbench.showVersion', () => {
      const version = context.extension.packageJSON.version as string
      void vscode.window.showInformationMessage(`Telegram Workbench ${version}`)
    }),
  )
}

export function deactivate(): void {}
