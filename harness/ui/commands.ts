/**
 * Commands as a learner can type them: `kafka-course` is not on their PATH, `npm run course --`
 * is. Lessons and hints name the CLI by its own name; the app shows the runnable form.
 */
export function learnerCommands(text: string): string {
  return text.replaceAll(/\bkafka-course (?=[a-z-])/g, "npm run course -- ");
}
