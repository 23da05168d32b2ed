'use client';
import type { GroupDTO, SessionDTO } from '@chatbot/api';
import {
  Menu,
  MenuContent,
  MenuItem,
  MenuLabel,
  MenuRadioGroup,
  MenuRadioItem,
  MenuSeparator,
  MenuTrigger,
  optionsTriggerClass,
  useAfterMenuClose,
} from '../Menu';

const NO_GROUP = '';

/** A chat's options: rename, favourite, move to a group, export, delete. */
export function SessionMenu(props: {
  session: SessionDTO;
  groups: GroupDTO[];
  onRename: () => void;
  onFavorite: () => void;
  onMove: (groupId: string | null) => void;
  onExport: (format: 'md' | 'json') => void;
  onDelete: () => void;
}) {
  const { session, groups } = props;
  const { trigger, onCloseAutoFocus, afterClose } = useAfterMenuClose();

  return (
    <Menu>
      <MenuTrigger
        ref={trigger}
        aria-label={`Options for ${session.title}`}
        className={optionsTriggerClass}
      >
        ⋯
      </MenuTrigger>
      <MenuContent aria-label={`Options for ${session.title}`} onCloseAutoFocus={onCloseAutoFocus}>
        <MenuItem onSelect={() => afterClose(props.onRename, { keepFocus: true })}>Rename</MenuItem>
        <MenuItem onSelect={props.onFavorite}>
          {session.isFavorite ? 'Remove from favorites' : 'Add to favorites'}
        </MenuItem>
        <MenuSeparator />
        {/* Radio items in the menu itself, not a submenu: a submenu beside the menu has no room
            on a phone. */}
        <MenuLabel>Move to group</MenuLabel>
        <MenuRadioGroup
          aria-label="Move to group"
          value={session.groupId ?? NO_GROUP}
          onValueChange={(value) => props.onMove(value === NO_GROUP ? null : value)}
        >
          <MenuRadioItem value={NO_GROUP}>No group</MenuRadioItem>
          {groups.map((group) => (
            <MenuRadioItem key={group.id} value={group.id}>
              <span className="truncate">{group.name}</span>
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
        <MenuSeparator />
        <MenuItem onSelect={() => props.onExport('md')}>Export Markdown</MenuItem>
        <MenuItem onSelect={() => props.onExport('json')}>Export JSON</MenuItem>
        <MenuSeparator />
        <MenuItem danger onSelect={() => afterClose(props.onDelete, { keepFocus: false })}>
          Delete
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
