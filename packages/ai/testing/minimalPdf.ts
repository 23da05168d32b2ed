/**
 * A PDF whose pages show the given texts in Helvetica (one string: one page), written by hand
 * (no binary in the repository): enough for pdf.js to extract the text back. Texts must be
 * plain ASCII without parentheses or backslashes (PDF string syntax).
 */
export function minimalPdf(pages: string | string[]): Uint8Array {
  const texts = typeof pages === 'string' ? [pages] : pages;
  for (const text of texts) {
    if (!/^[\x20-\x7e]*$/.test(text) || /[()\\]/.test(text)) {
      throw new Error('minimalPdf takes printable ASCII without ( ) or \\');
    }
  }
  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per text.
  const pageIds = texts.map((_, index) => 4 + index * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${texts.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...texts.flatMap((text, index) => {
      const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
      return [
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageIds[index]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
        `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      ];
    }),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = pdf.length;
  // The cross-reference table: every entry exactly 20 bytes, offsets counted in bytes (ASCII).
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
