import { describe, expect, it } from 'vitest';
import { describeAttachmentNotice } from './attachments';

describe('describeAttachmentNotice', () => {
  it('says nothing for a reply that got every file whole', () => {
    expect(describeAttachmentNotice(undefined)).toEqual([]);
    expect(describeAttachmentNotice({ truncated: [], omittedImages: [] })).toEqual([]);
  });

  it('names each cut file with what reached the model, then the images left out', () => {
    expect(
      describeAttachmentNotice({
        truncated: [
          { name: 'big.txt', keptChars: 4000, totalChars: 80_000 },
          { name: 'small.txt', keptChars: 0, totalChars: 11 },
        ],
        omittedImages: ['a.png', 'b.png'],
      }),
    ).toEqual([
      'Only the first 4,000 of 80,000 characters of big.txt reached the model (the attached text is limited per request).',
      'None of the 11 characters of small.txt reached the model (the attached text is limited per request).',
      'Earlier images left out to keep the request small: a.png, b.png.',
    ]);
  });
});
