/**
 * The signed-out sidebar: the sign-in steps as forms that post commands to the host (phone, code, 2FA password,
 * terms and name for a new account, QR login, bot token). The host drives which step shows, through
 * `session/changed`. Escape leaves any step for the choice of ways in, as the back button does.
 */
import { button, h, icon } from '../dom'
import type { HostConnection } from '../host'
import type { SignInStep } from '../protocol'

type TextField = HTMLElement & { value: string }

function field(label: string, type: 'text' | 'password' | 'tel', placeholder: string, autocomplete: string): TextField {
  const input = h('vscode-text-field', { class: 'sign-in-field', attrs: { type, placeholder, autocomplete, 'aria-label': label } }, label) as TextField
  return input
}

/** A form with one field that posts its value on Enter or with its button. */
function form(title: string, description: string, input: TextField, submitLabel: string, onSubmit: (value: string) => void, error?: string, extra?: HTMLElement): HTMLElement {
  const submit = () => {
    const value = input.value.trim()
    if (value) onSubmit(value)
  }
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') submit()
  })
  const element = h(
    'form',
    { class: 'sign-in-form', attrs: { 'aria-label': title } },
    h('h2', null, title),
    h('p', { class: 'description' }, description),
    input,
    error ? h('p', { class: 'error', attrs: { role: 'alert' } }, icon('error'), ` ${error}`) : null,
    h('div', { class: 'form-actions' }, button(submitLabel, submit), extra ?? null),
  )
  element.addEventListener('submit', (event) => event.preventDefault())
  queueMicrotask(() => input.focus())
  return element
}

export function renderSignIn(step: SignInStep, host: HostConnection): HTMLElement {
  const back = button('Other ways to sign in', () => host.command('auth/cancel', {}), { appearance: 'secondary' })
  const body = (() => {
    switch (step.step) {
      case 'choose':
        return h(
          'div',
          { class: 'sign-in-choose' },
          h('h2', null, 'Sign in to Telegram'),
          h('p', { class: 'description' }, 'Your session stays in VS Code’s secret storage on this machine.'),
          button('Sign in with phone number', () => host.command('auth/choose', { method: 'phone' }), { icon: 'device-mobile' }),
          button('Sign in with QR code', () => host.command('auth/choose', { method: 'qr' }), { icon: 'device-camera', appearance: 'secondary' }),
          button('Sign in as a bot', () => host.command('auth/choose', { method: 'botToken' }), { icon: 'robot', appearance: 'secondary' }),
        )
      case 'phone':
        return form('Your phone number', 'Include the country code, for example +44 20 7946 0000.', field('Phone number', 'tel', '+1 555 000 0000', 'tel'), 'Send code', (phone) => host.command('auth/submitPhone', { phone }), step.error, back)
      case 'code': {
        const where = step.via === 'app' ? 'in your Telegram app' : step.via === 'sms' ? 'by SMS' : step.via === 'call' ? 'by a phone call' : ''
        const input = field('Login code', 'text', step.codeLength ? '•'.repeat(step.codeLength) : 'Code', 'one-time-code')
        input.setAttribute('inputmode', 'numeric')
        return form('Enter the code', `We sent a code to ${shownPhone(step.phone)} ${where}.`, input, 'Sign in', (code) => host.command('auth/submitCode', { code }), step.error, back)
      }
      case 'password':
        return form(
          'Two-step verification',
          step.hint ? `Your account has a password. Hint: ${step.hint}` : 'Your account has an additional password.',
          field('Password', 'password', 'Password', 'current-password'),
          'Sign in',
          (password) => host.command('auth/submitPassword', { password }),
          step.error,
          back,
        )
      case 'signUp':
        return signUpForm(step.phone, step.termsOfService, host, step.error, back)
      case 'botToken':
        return form('Bot token', 'Paste the token @BotFather gave you.', field('Bot token', 'password', '123456:ABC…', 'off'), 'Sign in', (token) => host.command('auth/submitBotToken', { token }), step.error, back)
      case 'qr':
        return h(
          'div',
          { class: 'sign-in-qr' },
          h('h2', null, 'Scan from your phone'),
          h('p', { class: 'description' }, 'In Telegram on your phone, open Settings → Devices → Link Desktop Device and scan this code.'),
          step.modules.length > 0 ? qrCanvas(step.modules) : null,
          step.modules.length > 0 ? h('p', { class: 'description' }, 'A new code appears when this one expires.') : null,
          step.error ? h('p', { class: 'error', attrs: { role: 'alert' } }, icon('error'), ` ${step.error}`) : null,
          back,
        )
      case 'waiting':
        return h('div', { class: 'sign-in-waiting' }, h('vscode-progress-ring'), h('p', null, step.label))
    }
  })()
  const section = h('section', { class: 'sign-in', attrs: { 'aria-label': 'Sign in', tabindex: -1 } }, body)
  if (step.step !== 'choose') {
    section.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') host.command('auth/cancel', {})
    })
  }
  // The QR step has no field to type in: focus the section so Escape reaches it.
  if (step.step === 'qr') queueMicrotask(() => section.focus())
  return section
}

/** A new number: Telegram's terms as text, and the name that accepting them creates the account with. */
function signUpForm(phone: string, termsOfService: string, host: HostConnection, error: string | undefined, back: HTMLElement): HTMLElement {
  const firstName = field('First name', 'text', 'First name', 'given-name')
  const lastName = field('Last name (optional)', 'text', 'Last name (optional)', 'family-name')
  const submit = () => {
    const first = firstName.value.trim()
    if (first) host.command('auth/submitSignUp', { firstName: first, ...(lastName.value.trim() ? { lastName: lastName.value.trim() } : {}) })
  }
  for (const input of [firstName, lastName]) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') submit()
    })
  }
  const element = h(
    'form',
    { class: 'sign-in-form', attrs: { 'aria-label': 'Create an account' } },
    h('h2', null, 'Create an account'),
    h('p', { class: 'description' }, `${shownPhone(phone)} has no Telegram account yet. Creating one means accepting Telegram’s Terms of Service:`),
    // Focusable, so that long terms scroll from the keyboard too.
    h('div', { class: 'terms-of-service', attrs: { role: 'note', 'aria-label': 'Terms of Service', tabindex: 0 } }, termsOfService),
    firstName,
    lastName,
    error ? h('p', { class: 'error', attrs: { role: 'alert' } }, icon('error'), ` ${error}`) : null,
    h('div', { class: 'form-actions' }, button('Accept and Sign Up', submit), back),
  )
  element.addEventListener('submit', (event) => event.preventDefault())
  queueMicrotask(() => firstName.focus())
  return element
}

/** The number as people write it: the host keeps digits only. */
function shownPhone(phone: string): string {
  return phone.startsWith('+') ? phone : `+${phone}`
}

/** Draws the host's QR matrix: dark modules in the editor foreground, on the editor background. */
function qrCanvas(modules: string[]): HTMLElement {
  const size = modules.length
  const scale = 6
  const quiet = 4
  const canvas = h('canvas', { class: 'qr', attrs: { role: 'img', 'aria-label': 'Login QR code' } })
  if (size === 0 || size > 177) return canvas
  const pixels = (size + quiet * 2) * scale
  canvas.width = canvas.height = pixels
  const context = canvas.getContext('2d')
  if (!context) return canvas
  // QR readers need dark on light whatever the theme.
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, pixels, pixels)
  context.fillStyle = '#000000'
  modules.forEach((row, y) => {
    for (let x = 0; x < Math.min(row.length, size); x++) {
      if (row[x] === '1') context.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale)
    }
  })
  return canvas
}
