'use client';
import type { GroupDTO } from '@chatbot/api';
import {
  Menu,
  MenuContent,
  MenuItem,
  MenuSeparator,
  MenuTrigger,
  optionsTriggerClass,
  useAfterMenuClose,
} from '../Menu';

/** A group's options: rename, favourite, delete (its chats stay, ungrouped). */
export function GroupMenu(props: {
  group: GroupDTO;
  onRename: () => void;
  onFavorite: () => void;
  onDelete: () => void;
}) {
  const { group } = props;
  const { trigger, onCloseAutoFocus, afterClose } = useAfterMenuClose();

  return (
    <Menu>
      <MenuTrigger
        ref={trigger}
        aria-label={`Options for group ${group.name}`}
        className={optionsTriggerClass}
      >
        ⋯
      </MenuTrigger>
      <MenuContent
        aria-label={`Options for group ${group.name}`}
        onCloseAutoFocus={onCloseAutoFocus}
      >
        <MenuItem onSelect={() => afterClose(props.onRename, { keepFocus: true })}>Rename</MenuItem>
        <MenuItem onSelect={props.onFavorite}>
          {group.isFavorite ? 'Remove from favorites' : 'Add to favorites'}
        </MenuItem>
        <MenuSeparator />
        <MenuItem danger onSelect={() => afterClose(props.onDelete, { keepFocus: false })}>
          Delete
        </MenuItem>
      </MenuContent>
    </Menu>
  );
}
