import {
  Kind,
  type DocumentNode,
  type InterfaceTypeDefinitionNode,
  type InterfaceTypeExtensionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql';

/** A definition in an SDL that declares fields (object or interface type, or an extension of one). */
export type FieldHolderNode =
  ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode | InterfaceTypeExtensionNode;

const HOLDERS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
]);

/** The object and interface types (and extensions) an SDL defines. */
export function fieldHolders(doc: DocumentNode): FieldHolderNode[] {
  return doc.definitions.filter((def): def is FieldHolderNode => HOLDERS.has(def.kind));
}

/** "Type.field" of every field an SDL declares, Federation's own types and fields (names starting with _) left out. */
export function declaredCoordinates(doc: DocumentNode): string[] {
  return fieldHolders(doc)
    .filter((def) => !def.name.value.startsWith('_'))
    .flatMap((def) =>
      (def.fields ?? []).filter((f) => !f.name.value.startsWith('_')).map((f) => `${def.name.value}.${f.name.value}`),
    );
}
