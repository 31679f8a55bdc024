// Placeholder until the screen is built (issue 17).
export default function CasePrintPage() {
  return null;
}
