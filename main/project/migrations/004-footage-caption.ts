/**
 * Schema version 4: a caption on each imported clip, saying what happens in it. Fine-tuning on
 * the project's footage pairs each clip with its caption; the storyboard describes what is
 * generated after the footage, not the footage itself. Existing clips get an empty caption.
 */
import type { Db } from '../rows';
import type { Migration } from './index';

/** Migration 4: footage.caption. */
export const footageCaption: Migration = {
  version: 4,
  name: '004-footage-caption',
  up(db: Db) {
    db.exec("ALTER TABLE footage ADD COLUMN caption TEXT NOT NULL DEFAULT '' CHECK (length(caption) <= 2000)");
  },
};
