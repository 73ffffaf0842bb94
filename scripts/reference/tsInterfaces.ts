import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { code, table } from './markdown';

/** One field of a TypeScript interface, as the source declares it. */
export interface DeclaredField {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

const ROOT = resolve(__dirname, '../..');

/**
 * The fields of an exported interface, read from its source with the TypeScript parser: the
 * types that have no runtime value (webhook events, message payloads) are documented from
 * their declaration, JSDoc included.
 */
export function interfaceFields(file: string, name: string): DeclaredField[] {
  const source = ts.createSourceFile(file, readFileSync(resolve(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  if (!declaration) throw new Error(`${file} declares no interface ${name}`);
  return declaration.members.filter(ts.isPropertySignature).map((member) => ({
    name: member.name.getText(source),
    type: (member.type?.getText(source) ?? 'unknown').replace(/\s+/g, ' '),
    optional: member.questionToken !== undefined,
    doc: docOf(member),
  }));
}

function docOf(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  return docs
    .map((doc) => (typeof doc.comment === 'string' ? doc.comment : (ts.getTextOfJSDocComment(doc.comment) ?? '')))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An interface as a Markdown table: field (`?` when optional), declared type, its JSDoc. */
export function interfaceTable(file: string, name: string): string {
  return table(
    ['field', 'type', 'meaning'],
    interfaceFields(file, name).map((field) => [
      code(`${field.name}${field.optional ? '?' : ''}`),
      code(field.type),
      field.doc,
    ]),
  );
}
