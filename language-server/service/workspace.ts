/**
 * What the .tl features know beyond the document at hand: the bundled layer (loaded on first use),
 * the open .tl documents and the workspace's .tl files on disk, each parsed once per version.
 */
import { TextDocument } from 'vscode-languageserver-textdocument'
import { getLayer, type LayerReference, type LayerSection } from '../../schema/layer/reference'
import { layerFileOf } from './layer-documents'
import type { DocumentedType } from './markdown'
import type { SourceText } from './source-text'
import { TlFile } from './tl-file'

/** A .tl file found in the workspace folders. */
export interface WorkspaceTlFile {
  uri: string
  text: string
}

export class TlWorkspace {
  private readonly open = new Map<string, TlFile>()
  private diskFiles: Map<string, TlFile> | undefined
  private layerNames: Set<string> | undefined

  /** @param listWorkspaceFiles reads the workspace's .tl files; called once, on the first question that needs them */
  constructor(private readonly listWorkspaceFiles: () => WorkspaceTlFile[] = () => []) {}

  get layer(): LayerReference {
    return getLayer()
  }

  /** The parse of this version of the document, reused while the version stays the same. */
  file(source: SourceText): TlFile {
    const cached = this.open.get(source.uri)
    if (cached && cached.version === source.version) return cached
    const file = new TlFile(source)
    this.open.set(source.uri, file)
    return file
  }

  /** The last parse of a document, possibly of an older version: enough for the names it defines. */
  latest(uri: string): TlFile | undefined {
    return this.open.get(uri)
  }

  forget(uri: string): void {
    this.open.delete(uri)
  }

  /** Every .tl file of the workspace, the open version of a file winning over its text on disk. */
  files(): TlFile[] {
    this.diskFiles ??= new Map(
      this.listWorkspaceFiles().map(({ uri, text }) => [uri, new TlFile(TextDocument.create(uri, 'tl', 0, text))]),
    )
    const files = [...this.open.values()].filter((file) => layerFileOf(file.uri) === undefined).map((file) => this.file(file.source))
    for (const [uri, file] of this.diskFiles) if (!this.open.has(uri)) files.push(file)
    return files
  }

  /** The section a document's names resolve in first: the service layer for an mtproto.tl. */
  sectionOf(uri: string): LayerSection {
    return uri.endsWith('mtproto.tl') ? 'mtproto' : 'api'
  }

  /** Every type and constructor name of the bundled layer, for checking a document's references. */
  knownLayerNames(): Set<string> {
    if (!this.layerNames) {
      this.layerNames = new Set()
      for (const constructor of this.layer.constructors) {
        this.layerNames.add(constructor.name)
        this.layerNames.add(constructor.type)
      }
    }
    return this.layerNames
  }

  /** A type by name: the layer's (preferring `section`), else one the workspace's files define. */
  lookupType(name: string, section: LayerSection = 'api'): DocumentedType | undefined {
    const layerType = this.layer.findType(name, section) ?? this.layer.findType(name)
    if (layerType) return layerType
    for (const file of this.files()) {
      const constructors = file.definitionsOf({ kind: 'type', name })
      if (constructors.length > 0) {
        return {
          name,
          constructors: constructors.map((definition) => ({
            name: definition.name,
            definition: file.text.slice(definition.range.start, definition.range.end),
          })),
        }
      }
    }
    return undefined
  }
}
