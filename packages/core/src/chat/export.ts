import type { Attachment, Message, PrismaClient, Session } from '@chatbot/db';
import { toAttachmentDTO } from '../attachments/attachments';
import type { SessionExport } from '../schemas/sessions';
import { toMessageDTO } from './messages';
import { requireSession, toSessionDTO } from '../sessions/sessions';

/** Bumped when the JSON export's shape changes, so importers can tell versions apart. */
export const EXPORT_FORMAT_VERSION = 2; // 2: the tree (parentId, activeLeafId)

type ExportedMessage = Message & { attachments?: Attachment[] };

function fileStem(session: Session) {
  const slug = session.title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // "Ü" -> "U": accents go, letters stay
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'chat'}-${session.id}`;
}

/** The whole tree (every message with its `parentId`, in insertion order) and the active leaf. */
export function exportJson(session: Session, messages: ExportedMessage[]): string {
  return JSON.stringify(
    {
      format: 'chatbot-ai.session',
      version: EXPORT_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      // Dates become ISO strings through Date#toJSON.
      session: toSessionDTO(session),
      activeLeafId: session.activeLeafId,
      messages: messages.map(({ attachments, ...message }) => {
        // Everything stored, minus what only makes sense inside this database.
        const { sessionId: _sessionId, clientId: _clientId, ...fields } = toMessageDTO(message);
        // The files as data about them (name, type, size, id); their bytes stay on the server.
        return attachments?.length
          ? { ...fields, attachments: attachments.map(toAttachmentDTO) }
          : fields;
      }),
    },
    null,
    2,
  );
}

const ROLE_HEADINGS = { user: 'User', assistant: 'Assistant', system: 'System' } as const;

/**
 * Text that is not content (a title, a model name, an error) as plain inline text of one line:
 * newlines cannot start a forged heading, and Markdown or HTML in it shows as typed.
 */
export function markdownInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&~#|!()]/g, '\\$&');
}

/**
 * A readable transcript. Message content (and the system prompt) is Markdown the user or the
 * model wrote, copied verbatim so code blocks survive intact; everything around it is escaped.
 */
export function exportMarkdown(session: Session, messages: ExportedMessage[]): string {
  const lines = [
    `# ${markdownInline(session.title)}`,
    '',
    `- Model: ${markdownInline(session.model)}`,
    `- Created: ${session.createdAt.toISOString()}`,
    `- Last message: ${session.lastMessageAt.toISOString()}`,
  ];
  if (session.systemPrompt) lines.push('', '## System prompt', '', session.systemPrompt);
  for (const message of messages) {
    const notes = [message.model, message.status === 'complete' ? undefined : message.status]
      .filter((note): note is string => Boolean(note))
      .map(markdownInline)
      .join(', ');
    lines.push(
      '',
      `## ${ROLE_HEADINGS[message.role]} · ${message.createdAt.toISOString()}${notes ? ` (${notes})` : ''}`,
      '',
      message.content,
    );
    if (message.attachments?.length) {
      lines.push('', 'Attachments:', '');
      for (const file of message.attachments) {
        // Relative to the API's address: GET /attachments/{id} (the web app: /api/attachments).
        lines.push(
          `- [${markdownInline(file.name)}](attachments/${encodeURIComponent(file.id)}) (${markdownInline(file.mediaType)}, ${file.size} bytes)`,
        );
      }
    }
    if (message.error) lines.push('', `> Error: ${markdownInline(message.error)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The messages of the active path, root first (the Markdown transcript is what the user sees). */
function activePath<M extends Message>(session: Session, messages: M[]): M[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const path: M[] = [];
  for (let id = session.activeLeafId; id !== null;) {
    const message = byId.get(id);
    if (!message) break;
    path.push(message);
    id = message.parentId;
  }
  return path.reverse();
}

export async function exportSession(
  prisma: PrismaClient,
  userId: string,
  input: { id: string; format: 'json' | 'md' },
): Promise<SessionExport> {
  const session = await requireSession(prisma, userId, input.id);
  const messages = await prisma.message.findMany({
    where: { sessionId: session.id },
    orderBy: { seq: 'asc' },
    include: { attachments: { orderBy: { position: 'asc' } } },
  });
  return input.format === 'json'
    ? {
        filename: `${fileStem(session)}.json`,
        contentType: 'application/json',
        content: exportJson(session, messages),
      }
    : {
        filename: `${fileStem(session)}.md`,
        contentType: 'text/markdown; charset=utf-8',
        content: exportMarkdown(session, activePath(session, messages)),
      };
}
