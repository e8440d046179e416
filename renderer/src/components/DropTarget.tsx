/**
 * Accepts files, folders and archives dropped anywhere on its area: shows what a drop would do
 * while dragging, and hands the drop over as an import request (real paths in Electron, files to
 * upload in browser mode). In Electron a dropped `*.hindsight` opens instead, and the shell's
 * File → Import arrives here as a request too.
 */
import { useRef, useState, type ReactNode } from 'react';
import { commandsForPaths } from '../../../core/api/desktop';
import { commands, useCommand } from '../commands';
import { droppedFiles, electronPaths } from '../upload';
import type { ImportRequest } from './ImportDialog';

export interface DropTargetProps {
  label: string;
  onDrop(r: ImportRequest): void;
  children: ReactNode;
  className?: string;
}

const hasFiles = (e: React.DragEvent): boolean => [...e.dataTransfer.types].includes('Files');

export function DropTarget({ label, onDrop, children, className }: DropTargetProps) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  useCommand('import', ({ paths }) => onDrop({ paths, files: [] }));
  return (
    <div
      className={`drop-target ${className ?? ''}`}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (!depth.current) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const { top, files } = droppedFiles(e.dataTransfer);
        const paths = electronPaths(top);
        if (!paths) return onDrop({ paths: [], files });
        for (const command of commandsForPaths(paths)) {
          if (command.kind === 'import') onDrop({ paths: command.paths, files: [] });
          else commands.dispatch(command);
        }
      }}
      data-testid="drop-target"
    >
      {children}
      {over && (
        <div className="drop-overlay">
          <div>{label}</div>
        </div>
      )}
    </div>
  );
}
