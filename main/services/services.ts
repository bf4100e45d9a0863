/** Every service, grouped like the contract; `Services` makes a missing one a compile error. */
import type { Services } from './context';
import { evaluations } from './evaluations';
import { exportServices } from './exports';
import { footage } from './footage';
import { generation } from './generation';
import { jobs } from './jobs';
import { memory } from './memory';
import { models } from './models';
import { projects } from './projects';
import { storyboard } from './storyboard';
import { system } from './system';
import { training } from './training';

export const services: Services = {
  system,
  projects,
  storyboard,
  footage,
  jobs,
  generation,
  memory,
  training,
  models,
  evaluations,
  export: exportServices,
};
