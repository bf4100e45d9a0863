/**
 * Every `longshot` command, listed once. Add a command by writing its file in this folder and
 * adding it here.
 */
import type { Command } from '../command';
import { dataPreviewCommand } from './data-preview';
import { dataStillCommand } from './data-still';
import { dataStoryworldCommand } from './data-storyworld';
import { demoCommand } from './demo';
import { evalCommands } from './eval';
import { exportCommand } from './export';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { projectCreate } from './project-create';
import { projectList } from './project-list';
import { projectShow } from './project-show';
import { renderCommand } from './render';
import { serveCommand } from './serve';
import { trainCommand } from './train';
import { trainDefaultCommand } from './train-default';

export const commands: Command[] = [dataStoryworldCommand, dataPreviewCommand, dataStillCommand, generateCommand, importCommand, projectCreate, projectList, projectShow, renderCommand, exportCommand, demoCommand, serveCommand, trainCommand, trainDefaultCommand, ...evalCommands];
