import { parseArgs } from 'node:util';

export const USAGE = `Usage: chatbot [--url <address>]

Chat with a Chatbot AI server from the terminal.

Options:
  --url <address>  the server, e.g. http://127.0.0.1:3001 (its /trpc endpoint is used)
                   or https://chat.example.com/api/trpc (the web app); default: CHATBOT_URL,
                   else http://127.0.0.1:3001/trpc
  -h, --help       show this help
  -v, --version    show the version

Environment:
  CHATBOT_URL         the server, as --url
  CHATBOT_CONFIG_DIR  where sign-in tokens are kept (default ~/.config/chatbot-ai)
  NO_COLOR            set to anything to turn colours off

Type /help inside the chat for its commands.`;

export type Arguments =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'chat'; url?: string }
  | { kind: 'invalid'; message: string };

/** The command line, read before anything else happens (no prompt, no network). */
export function readArguments(args: string[]): Arguments {
  try {
    const { values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: 'help' };
    if (values.version) return { kind: 'version' };
    return { kind: 'chat', url: values.url };
  } catch (error) {
    // parseArgs' messages name the option; drop its advice about `--` (there are no positionals).
    const message = (error as Error).message.split('. To specify')[0]!.replace(/\.$/, '');
    return { kind: 'invalid', message: `${message}.\nTry chatbot --help.` };
  }
}
