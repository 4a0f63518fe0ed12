/**
 * Server reflection as real tools expect it: one FileDescriptorProto per .proto file, named by
 * its path, declaring its imports (google/protobuf/timestamp.proto and the others served too),
 * with the .proto's own snake_case field names. What proto-loader hands @grpc/reflection is one
 * file merged per package, camelCased and without its imports, which Python's descriptor pool
 * (and with it grpcurl-like tools in other languages) refuses. So the descriptors are built here
 * from the files themselves, and @grpc/reflection only serves them.
 *
 * protobufjs is what proto-loader and @grpc/reflection parse with; it is used here directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import type { Enum, Field, MapField, Method, NamespaceBase, ReflectionObject, Service, Type } from 'protobufjs';
import descriptors from 'protobufjs/ext/descriptor/index.js';

type Plain = Record<string, unknown>;

const scalarTypes: Record<string, string> = {
  double: 'TYPE_DOUBLE',
  float: 'TYPE_FLOAT',
  int64: 'TYPE_INT64',
  uint64: 'TYPE_UINT64',
  int32: 'TYPE_INT32',
  fixed64: 'TYPE_FIXED64',
  fixed32: 'TYPE_FIXED32',
  bool: 'TYPE_BOOL',
  string: 'TYPE_STRING',
  bytes: 'TYPE_BYTES',
  uint32: 'TYPE_UINT32',
  sfixed32: 'TYPE_SFIXED32',
  sfixed64: 'TYPE_SFIXED64',
  sint32: 'TYPE_SINT32',
  sint64: 'TYPE_SINT64',
};

/**
 * A package definition that carries only `fileDescriptorProtos` (what @grpc/reflection reads):
 * every file in `files` and every file they import, each encoded on its own.
 */
export function reflectionDefinition(protoRoot: string, files: readonly string[]): PackageDefinition {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoRoot, target);
  root.loadSync([...files], { keepCase: true });
  root.resolveAll();
  const encoded: Buffer[] = [];
  const pending = [...files];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.shift()!;
    if (done.has(file)) continue;
    done.add(file);
    const parsed = parseFile(protoRoot, file);
    pending.push(...parsed.imports);
    const proto = fileDescriptor(file, parsed, root);
    encoded.push(Buffer.from(descriptors.FileDescriptorProto.encode(descriptors.FileDescriptorProto.fromObject(proto)).finish()));
  }
  return { 'outrigger.reflection': { fileDescriptorProtos: encoded } } as unknown as PackageDefinition;
}

interface ParsedFile {
  package: string;
  imports: string[];
  /** Full names (leading dot) of the messages, enums and services the file declares at its top level. */
  declared: string[];
}

/** What one file declares and imports; the bundled well-known types come from protobufjs. */
function parseFile(protoRoot: string, file: string): ParsedFile {
  const bundled = protobuf.common.get(file);
  if (bundled !== null && bundled !== undefined) {
    const own = protobuf.Root.fromJSON(bundled as protobuf.INamespace);
    return { package: 'google.protobuf', imports: [], declared: topLevel(own) };
  }
  const parsed = protobuf.parse(readFileSync(join(protoRoot, file), 'utf8'), new protobuf.Root(), { keepCase: true });
  return { package: parsed.package ?? '', imports: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])], declared: topLevel(parsed.root) };
}

function topLevel(namespace: NamespaceBase): string[] {
  const names: string[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum || nested instanceof protobuf.Service) names.push(nested.fullName);
    else if (nested instanceof protobuf.Namespace) names.push(...topLevel(nested));
  }
  return names;
}

function fileDescriptor(file: string, parsed: ParsedFile, root: protobuf.Root): Plain {
  const messageType: Plain[] = [];
  const enumType: Plain[] = [];
  const service: Plain[] = [];
  for (const name of parsed.declared) {
    const object: ReflectionObject | null = root.lookup(name);
    if (object instanceof protobuf.Type) messageType.push(messageDescriptor(object));
    else if (object instanceof protobuf.Enum) enumType.push(enumDescriptor(object));
    else if (object instanceof protobuf.Service) service.push(serviceDescriptor(object));
  }
  return { name: file, package: parsed.package, dependency: parsed.imports, messageType, enumType, service, syntax: 'proto3' };
}

function messageDescriptor(type: Type): Plain {
  const nestedType: Plain[] = [];
  const enumType: Plain[] = [];
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type) nestedType.push(messageDescriptor(nested));
    else if (nested instanceof protobuf.Enum) enumType.push(enumDescriptor(nested));
  }
  const oneofs = type.oneofsArray.map((oneof) => oneof.name);
  const field = type.fieldsArray.map((f) => {
    if (f instanceof protobuf.MapField) {
      // As protoc writes a map: a repeated message of a nested `<Field>Entry` type.
      const entry = `${camelCase(f.name, true)}Entry`;
      nestedType.push(mapEntry(entry, f));
      return { ...fieldBase(f), label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: `${type.fullName}.${entry}` };
    }
    const oneofIndex = f.partOf === null ? undefined : oneofs.indexOf(f.partOf.name);
    return { ...fieldBase(f), ...fieldType(f), ...(oneofIndex === undefined ? {} : { oneofIndex }) };
  });
  return { name: type.name, field, nestedType, enumType, oneofDecl: oneofs.map((name) => ({ name })) };
}

/** What a field's type is, for a plain field or a map's value. */
type Typed = Pick<Field, 'type' | 'resolvedType' | 'fullName'>;

function fieldBase(f: Field | MapField): Plain {
  return { name: f.name, number: f.id, jsonName: camelCase(f.name, false), label: 'repeated' in f && f.repeated ? 'LABEL_REPEATED' : 'LABEL_OPTIONAL' };
}

function fieldType(f: Typed): Plain {
  const scalar = scalarTypes[f.type];
  if (scalar !== undefined) return { type: scalar };
  const resolved = f.resolvedType;
  if (resolved === null) throw new Error(`reflection: field ${f.fullName} has unresolved type ${f.type}`);
  return { type: resolved instanceof protobuf.Enum ? 'TYPE_ENUM' : 'TYPE_MESSAGE', typeName: resolved.fullName };
}

function mapEntry(name: string, f: MapField): Plain {
  const value = { name: 'value', number: 2, jsonName: 'value', label: 'LABEL_OPTIONAL', ...fieldType(f) };
  return {
    name,
    field: [{ name: 'key', number: 1, jsonName: 'key', label: 'LABEL_OPTIONAL', type: scalarTypes[f.keyType] }, value],
    options: { mapEntry: true },
  };
}

function enumDescriptor(e: Enum): Plain {
  return { name: e.name, value: Object.entries(e.values).map(([name, number]) => ({ name, number })) };
}

function serviceDescriptor(s: Service): Plain {
  return {
    name: s.name,
    method: s.methodsArray.map((m: Method) => ({
      name: m.name,
      inputType: m.resolvedRequestType?.fullName ?? m.requestType,
      outputType: m.resolvedResponseType?.fullName ?? m.responseType,
      clientStreaming: m.requestStream === true,
      serverStreaming: m.responseStream === true,
    })),
  };
}

/** protoc's rule: drop each underscore and capitalise the letter after it. */
function camelCase(name: string, upperFirst: boolean): string {
  const camel = name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()).replaceAll('_', '');
  return upperFirst ? camel.charAt(0).toUpperCase() + camel.slice(1) : camel;
}
