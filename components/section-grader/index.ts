/** `ehcp-qa/components/section-grader`: registers `<ehcp-section-grader>`. */
export { EhcpSectionGrader, GradeChangeEvent, type SectionValue } from './section-grader.js';
export { sectionGraderStrings, type SectionGraderStrings } from './section-grader.strings.js';
