/** The Graph API version in the URLs callsoak's clients use and gives an external integration (the platform accepts any vNN.N or none). */
export const GRAPH_VERSION = 'v21.0';
