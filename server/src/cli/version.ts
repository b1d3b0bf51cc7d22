/** rdscope's version: package.json's, bundled at build time. */
import { version } from '../../../package.json';

export const VERSION: string = version;
