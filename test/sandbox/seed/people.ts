// The seeded accounts. Phones follow Telegram's test-number pattern 99966XYYYY, where X is the home DC.
// Login codes are fixed so that tests and the demo can sign in without reading the console.

export interface SeedPerson {
  /** A stable name for tests: `seed.accounts.ada`. */
  readonly key: string
  readonly phone: string
  readonly firstName: string
  readonly lastName: string
  readonly username?: string
  readonly about?: string
  readonly homeDc: number
  readonly loginCode: string
  /** Two-step verification password, and its hint. */
  readonly password?: { readonly password: string; readonly hint: string }
}

export const SEED_PEOPLE = [
  { key: 'ada', phone: '9996610001', firstName: 'Ada', lastName: 'Lovelace', username: 'ada_lovelace', about: 'The demo account.', homeDc: 1, loginCode: '11111' },
  {
    key: 'grace',
    phone: '9996620002',
    firstName: 'Grace',
    lastName: 'Hopper',
    username: 'grace_hopper',
    about: 'Has two-step verification.',
    homeDc: 2,
    loginCode: '22222',
    password: { password: 'cobol-1959', hint: 'language and year' },
  },
  { key: 'alan', phone: '9996610003', firstName: 'Alan', lastName: 'Turing', username: 'alan_turing', homeDc: 1, loginCode: '33333' },
  { key: 'katherine', phone: '9996620004', firstName: 'Katherine', lastName: 'Johnson', username: 'katherine_j', homeDc: 2, loginCode: '44444' },
  { key: 'dennis', phone: '9996610005', firstName: 'Dennis', lastName: 'Ritchie', username: 'dennis_ritchie', homeDc: 1, loginCode: '55555' },
  { key: 'margaret', phone: '9996620006', firstName: 'Margaret', lastName: 'Hamilton', username: 'margaret_h', homeDc: 2, loginCode: '66666' },
] as const satisfies readonly SeedPerson[]

export type SeedPersonKey = (typeof SEED_PEOPLE)[number]['key']

export interface SeedBot {
  readonly key: string
  readonly firstName: string
  readonly username: string
  readonly homeDc: number
  /** The secret half of the token (`<id>:<secret>`). */
  readonly secret: string
}

export const SEED_BOT: SeedBot = {
  key: 'bot',
  firstName: 'Workbench Bot',
  username: 'workbench_bot',
  homeDc: 2,
  secret: 'AAHsandboxWorkbenchBotToken0123456789',
}
