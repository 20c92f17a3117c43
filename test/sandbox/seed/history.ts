// What the seeded chats say. Each line is sent in order by `from`; `media` is a placeholder the media module
// fills (photo:..., document:..., voice:...); `replyTo` is the index of an earlier line of the same chat.
import type { Part } from './compose'

export interface ScriptLine {
  readonly from: string
  readonly parts: readonly Part[]
  readonly media?: string
  readonly replyTo?: number
}

const line = (from: string, ...parts: Part[]): ScriptLine => ({ from, parts })
const withMedia = (from: string, media: string, ...parts: Part[]): ScriptLine => ({ from, parts, media })
const reply = (from: string, replyTo: number, ...parts: Part[]): ScriptLine => ({ from, parts, replyTo })

export const PRIVATE_CHATS: Readonly<Record<string, readonly ScriptLine[]>> = {
  grace: [
    line('grace', 'Morning! Did the compiler pass finish overnight?'),
    line('ada', 'It did. 412 files, no warnings.'),
    line('grace', 'Send me the part that folds constants, I want to borrow it.'),
    line('ada', 'Here:\n', { pre: 'function fold(node: Expr): Expr {\n  if (node.kind === "add" && isConst(node.left) && isConst(node.right)) {\n    return constant(node.left.value + node.right.value)\n  }\n  return node\n}', language: 'typescript' }),
    reply('grace', 3, 'Lovely. ', { bold: 'Merging it today.' }),
    withMedia('grace', 'photo:bug-in-the-relay', 'Found this in the lab notebook.'),
    line('grace', 'Still the best bug report ever filed.'),
  ],
  alan: [
    line('alan', 'Can you review the tape simulator?'),
    line('ada', 'Sure, paste it.'),
    line('alan', { pre: 'def step(tape, head, state, rules):\n    symbol = tape.get(head, "_")\n    write, move, state = rules[(state, symbol)]\n    tape[head] = write\n    return head + (1 if move == "R" else -1), state', language: 'python' }),
    line('ada', 'Looks right. Halting is your problem though 😉'),
    line('alan', 'Very funny.'),
  ],
  katherine: [
    line('katherine', 'Trajectory numbers attached.'),
    withMedia('katherine', 'document:trajectory.csv', 'Re-entry window, second pass.'),
    line('ada', 'Thanks! Checking against the orbit model now.'),
    line('katherine', 'The query I used:\n', { pre: 'SELECT t, altitude, velocity\nFROM telemetry\nWHERE mission = \'FR-7\'\nORDER BY t;', language: 'sql' }),
  ],
  dennis: [
    line('dennis', 'The build script is flaky on the new runners.'),
    line('ada', 'Which step?'),
    line('dennis', { pre: 'set -eu\ncc -O2 -o hello hello.c\n./hello | grep -q "hello, world"', language: 'bash' }),
    line('dennis', 'Fails only when the cache is cold.'),
    withMedia('dennis', 'voice:cold-cache', ''),
    line('ada', 'Listening now.'),
  ],
  margaret: [
    line('margaret', 'Priority displays are in. Can you look at the scheduler?'),
    line('margaret', { pre: 'fn schedule(jobs: &mut Vec<Job>) {\n    jobs.sort_by_key(|job| std::cmp::Reverse(job.priority));\n}', language: 'rust' }),
    line('ada', 'Reads well. Ship it.'),
  ],
  bot: [
    line('ada', '/start'),
    line('bot', 'Hi! I am the sandbox bot. Send me code and I will echo it back.'),
    line('ada', { code: 'console.log("hi")' }),
    line('bot', { pre: 'console.log("hi")', language: 'javascript' }),
  ],
  self: [
    line('ada', 'Notes to self: ', { bold: 'renew the certificate' }, ' before Friday.'),
    line('ada', 'Handy snippet:\n', { pre: 'git log --oneline --graph --decorate', language: 'bash' }),
  ],
}

export const GROUP_CHATS: readonly { readonly title: string; readonly creator: string; readonly members: readonly string[]; readonly script: readonly ScriptLine[] }[] = [
  {
    title: 'Compiler Club',
    creator: 'grace',
    members: ['ada', 'alan', 'dennis'],
    script: [
      line('grace', 'Welcome to the club. First topic: parsers.'),
      line('dennis', 'Recursive descent, obviously.'),
      line('alan', 'Until the grammar is left-recursive.'),
      reply('ada', 2, 'Then you rewrite the grammar. ', { mention: '@alan_turing' }, ' knows this.'),
      line('grace', 'Example for the notes:\n', { pre: 'expr   := term (("+" | "-") term)*\nterm   := factor (("*" | "/") factor)*\nfactor := NUMBER | "(" expr ")"', language: 'ebnf' }),
      withMedia('dennis', 'photo:whiteboard', 'The whiteboard from Tuesday.'),
      reply('alan', 3, 'Fair. ', { mention: '@ada_lovelace' }, ' brings the snacks next time, then.'),
    ],
  },
  {
    title: 'Weekend Hike',
    creator: 'katherine',
    members: ['ada', 'margaret'],
    script: [
      line('katherine', 'Saturday, 8am at the trailhead?'),
      line('margaret', 'Count me in.'),
      withMedia('katherine', 'photo:trail-map', 'Route.'),
      line('ada', 'I will bring the thermos.'),
    ],
  },
]

export const SUPERGROUP = {
  title: 'TypeScript Guild',
  username: 'ts_guild',
  about: 'Types, builds and the occasional any.',
  creator: 'dennis',
  admins: ['ada'],
  members: ['ada', 'grace', 'alan', 'katherine', 'margaret'],
  script: [
    line('dennis', 'Rule one: no ', { code: 'any' }, ' in public APIs.'),
    line('katherine', 'What about generated code?'),
    line('grace', 'Generated code gets a pass if the generator is typed.'),
    line('ada', 'Discriminated unions make this painless:\n', { pre: "type Peer =\n  | { _: 'peerUser'; user_id: bigint }\n  | { _: 'peerChat'; chat_id: bigint }\n  | { _: 'peerChannel'; channel_id: bigint }", language: 'typescript' }),
    reply('alan', 3, 'And exhaustive switches catch the new cases.'),
    line('margaret', 'Build times went from 40s to 9s after we split the project.'),
    withMedia('margaret', 'document:tsconfig.json', 'Our config.'),
    line('dennis', 'Pinned: read the style guide before your first PR.'),
  ],
} as const

export const BROADCAST_CHANNEL = {
  title: 'Workbench News',
  username: 'workbench_news',
  about: 'Release notes of the sandbox world.',
  creator: 'margaret',
  members: ['ada', 'grace', 'alan', 'katherine', 'dennis'],
  posts: [
    [{ bold: 'Sandbox 0.1' }, ' is out: two DCs, real MTProto, seeded chats.'],
    ['New: QR login works across DCs.'],
    ['Tip: run ', { code: 'npm run sandbox' }, ' and read the printed accounts.'],
    ['How to send code from the editor:\n', { pre: "await client.sendMessage('me', { code: selection, language: 'typescript' })", language: 'typescript' }],
    ['Photos, documents and voice notes are drawn by code. Nothing is downloaded.'],
  ] satisfies readonly (readonly Part[])[],
  media: { 4: 'photo:release-banner' } as Readonly<Record<number, string>>,
} as const
