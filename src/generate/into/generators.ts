/** The generators that take `--into`, with what the file given to it is (data: `--help` shows it). */
export const INTO_GENERATORS: Readonly<Record<string, string>> = {
  compose: 'an existing Compose file: adds the service(s), the volumes, networks, secrets and configs they use, and their .env.example lines',
  role: 'an existing playbook: adds the role to the roles: of the play of the target guest (else the first play)',
};
